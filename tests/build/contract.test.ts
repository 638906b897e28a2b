// The TypeScript side of db/contract.json, the one definition of the page's calls: each call of the Services interface
// (amd/src/local/model.ts) takes the contract's parameters and returns its shape, field by field, as the compiler
// sees the types; the shim's error codes in model.ts are the contract's; every code has its string. tests/contract_test.php
// holds the PHP to the same file, so a field renamed on one side only fails one of the two.
import {describe, expect, it} from 'vitest';
import {readFileSync} from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const root = path.resolve(__dirname, '../..');

type Scalar = 'int' | 'bool' | 'raw' | 'text' | 'alpha' | 'alphanumext';
type Mods = {optional?: boolean; nullable?: boolean; default?: unknown};
type Node = Scalar | (Mods & ({type: Scalar} | {object: Record<string, Node>} | {list: Node} | {ref: string}));

interface Contract {
    shapes: Record<string, Node>;
    functions: Record<string, {params: Record<string, Node>; returns: Node; errors: string[]}>;
    errors: {door: string[]; other: string[]};
}

const contract = JSON.parse(readFileSync(path.join(root, 'db/contract.json'), 'utf8')) as Contract;
const codes = [...contract.errors.door, ...contract.errors.other];
const lang = readFileSync(path.join(root, 'lang/en/tool_kalturalti13.php'), 'utf8');
const langKeys = new Set([...lang.matchAll(/^\$string\['([^']+)'\]\s*=/gm)].map((m) => m[1] ?? ''));

/** Members of Services that are not calls of the shim. */
const NOT_CALLS = new Set(['ahead']);

/**
 * A program over the given files, with the project's compiler options.
 *
 * @param files the root files
 * @param extra an in-memory file: name → text
 * @returns the program
 */
function program(files: string[], extra: Record<string, string> = {}): ts.Program {
    const config = ts.readConfigFile(path.join(root, 'tsconfig.json'), (f) => ts.sys.readFile(f));
    const options = ts.parseJsonConfigFileContent(config.config, ts.sys, root).options;
    const host = ts.createCompilerHost(options);
    const getSourceFile = host.getSourceFile.bind(host);
    host.getSourceFile = (name, version) => (name in extra
        ? ts.createSourceFile(name, extra[name] ?? '', version) : getSourceFile(name, version));
    const fileExists = host.fileExists.bind(host);
    host.fileExists = (name) => name in extra || fileExists(name);
    return ts.createProgram([...files, ...Object.keys(extra)], options, host);
}

/**
 * An exported interface or type alias of a file, as a type.
 *
 * @param p the program
 * @param file the file
 * @param name the export
 * @returns its type
 */
function exported(p: ts.Program, file: string, name: string): ts.Type {
    const checker = p.getTypeChecker();
    const source = p.getSourceFile(file);
    const sym = source && checker.getSymbolAtLocation(source)?.exports?.get(ts.escapeLeadingUnderscores(name));
    if (!sym) {
        throw new Error(`${file} exports no ${name}`);
    }
    return checker.getDeclaredTypeOfSymbol(sym);
}

/** What the contract says of one place, and what the TypeScript says: differences as lines. */
class Comparer {
    readonly problems: string[] = [];

    /**
     * Makes the comparer.
     *
     * @param checker the type checker
     * @param shapes the contract's named shapes
     */
    constructor(private readonly checker: ts.TypeChecker, private readonly shapes: Record<string, Node>) {}

    /**
     * Compares one place.
     *
     * @param node the contract's node
     * @param type the TypeScript type (an optional property's includes undefined)
     * @param tsOptional whether the property or parameter is optional in TypeScript
     * @param where the place, for the message
     * @param param a parameter: the contract's default may stand for a value TypeScript always passes
     */
    compare(node: Node, type: ts.Type, tsOptional: boolean, where: string, param = false): void {
        let n: Exclude<Node, Scalar> = typeof node === 'string' ? {type: node} : node;
        while ('ref' in n) {
            // A named shape, with this place's own optional, nullable or default.
            const {ref, ...outer} = n;
            const shape = this.shapes[ref];
            if (shape === undefined) {
                this.problems.push(`${where}: no shape ${ref}`);
                return;
            }
            n = {...(typeof shape === 'string' ? {type: shape} : shape), ...outer} as Exclude<Node, Scalar>;
        }
        const mods: Mods = n;
        const parts = type.isUnion() ? type.types : [type];
        const hasNull = parts.some((t) => t.flags === ts.TypeFlags.Null);
        const rest = parts.filter((t) => t.flags !== ts.TypeFlags.Null && t.flags !== ts.TypeFlags.Undefined);
        const absentOk = mods.optional === true || (param && 'default' in mods);
        if (tsOptional && !absentOk) {
            this.problems.push(`${where}: optional in TypeScript, required in the contract`);
        }
        if (mods.optional && !param && !tsOptional && !hasNull) {
            this.problems.push(`${where}: optional in the contract, neither optional nor nullable in TypeScript`);
        }
        if (hasNull && !mods.nullable && !mods.optional) {
            this.problems.push(`${where}: null in TypeScript, not nullable in the contract`);
        }
        if (mods.nullable && !hasNull) {
            this.problems.push(`${where}: nullable in the contract, not in TypeScript`);
        }
        const t = rest.length === 1 ? rest[0] : undefined;
        if ('list' in n) {
            if (!t || !this.checker.isArrayType(t)) {
                this.problems.push(`${where}: a list in the contract, ${this.checker.typeToString(type)} in TypeScript`);
                return;
            }
            const element = this.checker.getTypeArguments(t as ts.TypeReference)[0];
            if (element) {
                this.compare(n.list, element, false, `${where}[]`);
            }
            return;
        }
        if ('object' in n) {
            if (!t || !('objectFlags' in t) || this.checker.isArrayType(t)) {
                this.problems.push(`${where}: an object in the contract, ${this.checker.typeToString(type)} in TypeScript`);
                return;
            }
            const props = this.checker.getPropertiesOfType(t);
            const names = props.map((s) => s.getName()).sort();
            const wanted = Object.keys(n.object).sort();
            for (const name of names.filter((x) => !wanted.includes(x))) {
                this.problems.push(`${where}.${name}: in TypeScript, not in the contract`);
            }
            for (const name of wanted.filter((x) => !names.includes(x))) {
                this.problems.push(`${where}.${name}: in the contract, not in TypeScript`);
            }
            for (const prop of props) {
                const field = n.object[prop.getName()];
                const decl = prop.valueDeclaration ?? prop.declarations?.[0];
                if (field !== undefined && decl) {
                    const optional = (prop.declarations ?? []).some((d) => ts.isPropertySignature(d) && d.questionToken);
                    this.compare(field, this.checker.getTypeOfSymbolAtLocation(prop, decl), optional,
                        `${where}.${prop.getName()}`);
                }
            }
            return;
        }
        this.scalar(n.type, rest, where);
    }

    /**
     * A value: int as number, bool as boolean, the text types as string (literal unions included).
     *
     * @param scalar the contract's type
     * @param parts the TypeScript union's members, without null and undefined
     * @param where the place
     */
    private scalar(scalar: Scalar, parts: ts.Type[], where: string): void {
        const fits: Record<Scalar, (t: ts.Type) => boolean> = {
            'int': (t) => t.flags === ts.TypeFlags.Number || t.isNumberLiteral(),
            bool: (t) => t.flags === ts.TypeFlags.Boolean || t.flags === ts.TypeFlags.BooleanLiteral,
            raw: (t) => t.flags === ts.TypeFlags.String || t.isStringLiteral(),
            text: (t) => fits.raw(t),
            alpha: (t) => fits.raw(t),
            alphanumext: (t) => fits.raw(t),
        };
        if (parts.length === 0 || !parts.every(fits[scalar])) {
            const shown = parts.map((t) => this.checker.typeToString(t)).join(' | ');
            this.problems.push(`${where}: ${scalar} in the contract, ${shown || 'nothing'} in TypeScript`);
        }
    }
}

/**
 * The differences between the contract and a Services-like interface.
 *
 * @param p the program
 * @param file the file that exports it
 * @param name its name
 * @returns the differences, one line each
 */
function differences(p: ts.Program, file: string, name: string): string[] {
    const checker = p.getTypeChecker();
    const services = exported(p, file, name);
    const cmp = new Comparer(checker, contract.shapes);
    const methods = new Map(checker.getPropertiesOfType(services).map((s) => [s.getName(), s]));
    const calls = new Set<string>();
    for (const [fn, def] of Object.entries(contract.functions)) {
        const method = fn.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
        calls.add(method);
        const sym = methods.get(method);
        const decl = sym?.valueDeclaration ?? sym?.declarations?.[0];
        const sig = sym && decl ? checker.getTypeOfSymbolAtLocation(sym, decl).getCallSignatures()[0] : undefined;
        if (!sig) {
            cmp.problems.push(`${fn}: no method ${method} on ${name}`);
            continue;
        }
        const params = sig.getParameters();
        const tsNames = params.map((s) => s.getName());
        if (tsNames.join(',') !== Object.keys(def.params).join(',')) {
            cmp.problems.push(`${fn}: parameters (${tsNames.join(', ')}) in TypeScript, (${Object.keys(def.params).join(', ')}) `
                + 'in the contract');
        } else {
            for (const s of params) {
                const pd = s.valueDeclaration as ts.ParameterDeclaration;
                cmp.compare(def.params[s.getName()] ?? 'raw', checker.getTypeOfSymbolAtLocation(s, pd),
                    checker.isOptionalParameter(pd), `${fn}(${s.getName()})`, true);
            }
        }
        const ret = sig.getReturnType();
        const inner = ret.getSymbol()?.getName() === 'Promise' ? checker.getTypeArguments(ret as ts.TypeReference)[0] : undefined;
        if (!inner) {
            cmp.problems.push(`${fn}: ${method} does not return a Promise`);
            continue;
        }
        cmp.compare(def.returns, inner, false, `${fn} returns`);
    }
    for (const m of methods.keys()) {
        if (!calls.has(m) && !NOT_CALLS.has(m)) {
            cmp.problems.push(`${name}.${m}: not a function of the contract`);
        }
    }
    return cmp.problems;
}

/**
 * The string literals of a union type.
 *
 * @param t the type
 * @returns its members' values, sorted
 */
function literals(t: ts.Type): string[] {
    return (t.isUnion() ? t.types : [t]).map((x) => (x.isStringLiteral() ? x.value : `<${x.flags}>`)).sort();
}

const model = path.join(root, 'amd/src/local/model.ts');
const errors = path.join(root, 'amd/src/local/errors.ts');
const p = program([model, errors]);

describe('db/contract.json and the TypeScript', () => {
    it('has the same calls, parameters and returns, field by field', () => {
        expect(p.getSemanticDiagnostics().map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))).toEqual([]);
        expect(Object.keys(contract.functions)).toHaveLength(12);
        expect(differences(p, model, 'Services')).toEqual([]);
    });

    it('sees a field renamed, retyped or made optional, a list, a missing call and a code on one side', () => {
        const file = path.join(root, 'amd/src/local/contract-probe.ts');
        const probe = program([model], {[file]: `import type {Services} from './model';
            type RunGot = {ok: boolean; snapshot: string};
            export interface Bent extends Omit<Services, 'runStep' | 'runGetSnapshot' | 'getState' | 'runGet'> {
                runStep(runid: number, name: string, status: string, timestarted: number, durationms: number,
                    detail?: string): Promise<{done: boolean}>;
                runGetSnapshot(runid: string): Promise<{snapshot?: string}>;
                runGet(runid: number): Promise<RunGot[]>;
                extra(): Promise<void>;
            }`});
        const found = differences(probe, file, 'Bent');
        expect(found).toEqual(expect.arrayContaining([
            'run_step returns.done: in TypeScript, not in the contract',
            'run_step returns.ok: in the contract, not in TypeScript',
            'run_get_snapshot(runid): int in the contract, string in TypeScript',
            'run_get_snapshot returns.snapshot: optional in TypeScript, required in the contract',
            expect.stringMatching(/^run_get returns: an object in the contract, RunGot\[\] in TypeScript/),
            'get_state: no method getState on Bent',
            'Bent.extra: not a function of the contract',
        ]));
        // A parameter with a default may be optional in TypeScript: run_step's detail is not a difference.
        expect(found.filter((l) => l.startsWith('run_step(detail)'))).toEqual([]);
    });

    it('has the shim\'s error codes in model.ts exactly as the contract lists them', () => {
        expect(literals(exported(p, model, 'DoorErrorCode'))).toEqual([...contract.errors.door].sort());
        expect(literals(exported(p, model, 'ShimErrorCode'))).toEqual([...codes].sort());
        expect(new Set(codes).size).toBe(codes.length);
        for (const [fn, def] of Object.entries(contract.functions)) {
            expect(def.errors.filter((c) => !codes.includes(c)), fn).toEqual([]);
        }
        // The engine's own codes are its own: none is also the shim's.
        expect(literals(exported(p, errors, 'EngineOwnCode')).filter((c) => codes.includes(c))).toEqual([]);
    });

    it('has one string for each code, under the code\'s own key', () => {
        expect(codes.filter((c) => !langKeys.has(c))).toEqual([]);
        expect(codes.filter((c) => langKeys.has(`engine_err_${c}`))).toEqual([]);
    });
});
