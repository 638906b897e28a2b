// One identity per class across the built AMD modules. Each module is bundled on its own, so a source file that two
// modules both include becomes two copies of every class in it: an object made by one copy is not `instanceof` the
// other. The unit and integration tiers load the sources as one module graph and cannot see this; only the build can.
// So: a class tested with `instanceof` (or a `Symbol()` compared by identity) must live in a source that exactly one
// built module includes. Errors that cross modules are recognised by data (Symbol.for brands, error codes) instead.
import {describe, expect, it} from 'vitest';
import {readFileSync, readdirSync} from 'node:fs';
import path from 'node:path';
import {createRequire} from 'node:module';
import ts from 'typescript';
import {ServiceError} from '../../amd/src/local/shim';
import {state} from '../js/fixtures';
import type {Services} from '../../amd/src/services';

const require = createRequire(import.meta.url);

const build = path.resolve(__dirname, '../../amd/build');

interface Bundled {
    /** Source (as the map names it) → its text, as shipped in sourcesContent */
    sources: Map<string, string>;
}

/**
 * Our own sources in each built module, read from its source map (what the bundler really put in).
 *
 * @returns module file → its sources
 */
function bundles(): Map<string, Bundled> {
    const out = new Map<string, Bundled>();
    for (const file of readdirSync(build).filter((n) => n.endsWith('.min.js'))) {
        const map = JSON.parse(readFileSync(path.join(build, `${file}.map`), 'utf8')) as
            {sources: string[]; sourcesContent: string[]};
        const sources = new Map<string, string>();
        map.sources.forEach((s, i) => {
            if (!s.includes('node_modules')) {
                sources.set(s, map.sourcesContent[i] ?? '');
            }
        });
        out.set(file, {sources});
    }
    return out;
}

interface Found {
    classes: string[];
    instanceofTargets: string[];
    uniqueSymbols: number;
}

/**
 * The classes a source declares, the names it tests with instanceof, and its Symbol() calls (not Symbol.for).
 *
 * @param name file name
 * @param text its TypeScript
 * @returns what was found
 */
function scan(name: string, text: string): Found {
    const sf = ts.createSourceFile(name, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    const found: Found = {classes: [], instanceofTargets: [], uniqueSymbols: 0};
    const visit = (node: ts.Node): void => {
        if ((ts.isClassDeclaration(node) || ts.isClassExpression(node)) && node.name) {
            found.classes.push(node.name.text);
        }
        if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.InstanceOfKeyword
            && ts.isIdentifier(node.right)) {
            found.instanceofTargets.push(node.right.text);
        }
        if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'Symbol') {
            found.uniqueSymbols++;
        }
        ts.forEachChild(node, visit);
    };
    visit(sf);
    return found;
}

/**
 * Every class used for identity that more than one built module carries a copy of.
 *
 * @param all the modules and their sources
 * @returns one line per offending class or symbol
 */
export function duplicatedIdentities(all: Map<string, Bundled>): string[] {
    const carriers = new Map<string, string[]>();
    const scans = new Map<string, Found>();
    for (const [file, b] of all) {
        for (const [source, text] of b.sources) {
            carriers.set(source, [...(carriers.get(source) ?? []), file]);
            scans.set(source, scan(source, text));
        }
    }
    const tested = new Set([...scans.values()].flatMap((f) => f.instanceofTargets));
    const problems: string[] = [];
    for (const [source, f] of scans) {
        const files = carriers.get(source) ?? [];
        if (files.length < 2) {
            continue;
        }
        for (const cls of f.classes.filter((c) => tested.has(c))) {
            problems.push(`class ${cls} (${source}) is tested with instanceof and bundled into ${files.join(', ')}`);
        }
        if (f.uniqueSymbols > 0) {
            problems.push(`${source} makes a Symbol() and is bundled into ${files.join(', ')}: use Symbol.for`);
        }
    }
    return problems;
}

describe('amd/build identities', () => {
    it('bundles every class tested with instanceof into exactly one module', () => {
        const all = bundles();
        expect(all.size).toBeGreaterThan(1);
        expect(duplicatedIdentities(all)).toEqual([]);
    });

    it('would catch a class tested with instanceof in a source two modules share', () => {
        // The check itself, on a made-up pair of modules sharing one source: proof that it is not vacuous.
        const shared = 'export class Boom extends Error {}\n';
        const user = 'import {Boom} from "./shared";\nexport const is = (e: unknown) => e instanceof Boom;\n';
        const all = new Map<string, Bundled>([
            ['a.min.js', {sources: new Map([['../src/shared.ts', shared], ['../src/a.ts', user]])}],
            ['b.min.js', {sources: new Map([['../src/shared.ts', shared]])}],
        ]);
        expect(duplicatedIdentities(all)).toEqual(
            ['class Boom (../src/shared.ts) is tested with instanceof and bundled into a.min.js, b.min.js']);
    });
});

describe('amd/build engine and a ServiceError from another copy of its class', () => {
    /**
     * The built engine module, loaded by its id as Moodle serves it.
     *
     * @returns its API
     */
    type EngineApi = import('../../amd/src/engine-lazy').EngineApi;
    type EngineModule = {init(): EngineApi};

    async function builtEngine(): Promise<EngineApi> {
        const requirejs = require('requirejs');
        const ctx = requirejs.config({context: 'identity-test', baseUrl: build, nodeRequire: require,
            paths: {'tool_kalturalti13/engine-lazy': 'engine-lazy.min'}});
        const mod = await new Promise<EngineModule>((resolve, reject) => {
            ctx(['tool_kalturalti13/engine-lazy'], resolve, reject);
        });
        return mod.init();
    }

    it('logs in again when the shim says the session is gone, and names the shim\'s error', async() => {
        // The services throw the ServiceError of the sources, not the copy inside engine-lazy.min.js: as the page's does.
        const engine = await builtEngine();
        let logins = 0;
        let versions = 0;
        const services = {
            kafLogin: async() => {
                logins++;
                if (logins > 2) {
                    throw new ServiceError('kafbadcredentials', 'Wrong');
                }
                return {loggedin: true, kafhost: '12345.kaf.kaltura.com'};
            },
            kafRequest: async() => {
                versions++;
                throw new ServiceError('kafnotloggedin', 'Gone');
            },
        } as unknown as Services;
        const r = await engine.connect(services, state(), {username: 'a', password: 'b'}, {retryDelayMs: 0});
        expect(r.ok).toBe(false);
        // Login, /version refused, login again, /version refused again: the relogin happened (it did not on a
        // class-identity check across the two modules), then the error is named by its code.
        expect(logins).toBe(2);
        expect(versions).toBe(2);
        expect(r.ok ? '' : r.error.key).toBe('kafnotloggedin');
    });
});
