// Every message the page can show, through the real string path: lang/en/tool_kalturalti13.php (read by PHP, in the
// core/str stand-in) and ui/strings.ts's withStrings, the same passes the page makes. A missing key shows as
// [[key]], an unfilled placeholder as {$a...}, a message that never got its text as its bare key: each fails here.
import {describe, expect, it} from 'vitest';
import {readFileSync, readdirSync, statSync} from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import {samplePlan, state} from './fixtures';
import {strings} from './stubs/core-str';
import {withStrings} from '../../amd/src/ui/strings';
import {checklistContext, statusContext, stepsContext, STEP_ORDER, verdictContext} from '../../amd/src/ui/view';
import {planContext} from '../../amd/src/ui/plancontext';
import {preflightLocal} from '../../amd/src/local/preflight';
import {codeMessage} from '../../amd/src/local/errors';
import {DOOR_CODES, SHIM_CODES} from '../../amd/src/local/model';
import type {Message, Plan, RunOutcome, StepName, StepState} from '../../amd/src/local/model';

const root = path.resolve(__dirname, '../..');
const keys = Object.keys(strings);

/**
 * Every string in a context (templates print these).
 *
 * @param o a template context
 * @returns its strings
 */
function texts(o: unknown): string[] {
    if (typeof o === 'string') {
        return [o];
    }
    if (o && typeof o === 'object') {
        return Object.values(o).flatMap(texts);
    }
    return [];
}

/**
 * What is wrong with the text of a context: missing strings, unfilled placeholders, bare keys.
 *
 * @param ctx a template context
 * @returns the faults found
 */
function faults(ctx: unknown): string[] {
    return texts(ctx).filter((s) => /\[\[[a-z0-9_]+\]\]/.test(s) || s.includes('{$a') || keys.includes(s.trim())
        || s.split(/\s+/).some((w) => /^[a-z0-9]+_[a-z0-9_]+$/.test(w) && keys.includes(w)));
}

const plan: Plan = samplePlan([{where: 'kaf', field: 'lti13UserIdClaim', before: 'sub', after: {kind: 'value', value: 'ext'},
    beforeDisplay: 'sub', afterDisplay: 'ext', optional: true, selected: false}]);

const report = (runid: number, format: string): string => `/report.php?id=${runid}&format=${format}`;

describe('messages through lang/en and withStrings', () => {
    it('resolves a rollback-incomplete verdict, each difference naming its side, field, now and wanted', async() => {
        const outcome: RunOutcome = {status: 'rollbackfailed', runid: 7,
            error: {key: 'engine_rollbackincomplete', params: {fields: 'kaf: authMethod; moodle: lti_version'}},
            sides: [
                {where: 'kaf', restored: false, differences: [{field: 'authMethod', now: 'lti1.3', wanted: 'lti'}]},
                {where: 'moodle', restored: false, differences: [{field: 'lti_version', now: '1.3.0', wanted: 'LTI-1p0'}]},
            ],
            message: {key: 'engine_rollbackfailed_todo'}};
        const ctx = await withStrings((t) => verdictContext(outcome, 'upgrade', t, report)) as
            {evidence: Array<{text: string}>};
        expect(faults(ctx)).toEqual([]);
        expect(ctx.evidence.map((e) => e.text)).toEqual([
            `${strings.plan_where_kaf}: authMethod is now "lti1.3"; set it to "lti".`,
            `${strings.plan_where_moodle}: lti_version is now "1.3.0"; set it to "LTI-1p0".`,
        ]);
    });

    it('resolves every verdict, for an upgrade and a revert', async() => {
        const outcomes: RunOutcome[] = [
            {status: 'nothingtodo', message: {key: 'engine_nothingtodo'}},
            {status: 'completed', runid: 3, keyThumbprint: 'x', evidence: [{id: 'oidc', ok: true, message: {key: 'engine_ev_oidcok',
                params: {auth: 'https://m/local/kaltura/auth.php', clientid: 'abc', redirect: 'https://k/oauth2-launch'}}}]},
            {status: 'rolledback', runid: 4, error: codeMessage('kaftimeout', 'slow'), evidence: [
                {id: 'hostedfields', ok: true, message: {key: 'engine_ev_restoredkaf'}},
                {id: 'moodlesettings', ok: true, message: {key: 'engine_ev_restoredmoodle'}}]},
            {status: 'failed', runid: 5, error: codeMessage('whatever', 'odd')},
        ];
        for (const kind of ['upgrade', 'revert'] as const) {
            for (const o of outcomes) {
                expect(faults(await withStrings((t) => verdictContext(o, kind, t, report))), `${kind} ${o.status}`).toEqual([]);
            }
        }
    });

    it('resolves the status, the checklist of several sites, the plan and every step state', async() => {
        const sites = [state(), state({kaf_uri: 'http://12345.kaf.kaltura.com/', partner_id: '', lti_version: '1.3.0'}),
            state({kaf_uri: ''}), state({client_id: '', adminsecretset: false})];
        for (const s of sites) {
            expect(faults(await withStrings((t) => [statusContext(s, {current: 'x', lti11: 'lti', lti13: 'l3'}, t),
                checklistContext(preflightLocal(s), t)]))).toEqual([]);
        }
        expect(faults(await withStrings((t) => planContext(plan, t, state())))).toEqual([]);
        for (const risk of ['differs', 'nofix', 'unknown', 'aftersave'] as const) {
            const p = {...plan, changes: plan.changes.filter((c) => !c.optional), userid: {risk, choice: null, release: '4.4.2'}};
            const ctx = await withStrings((t) => planContext(p, t, state())) as {useridack: {label: string} | null;
                useridchoice: {options: Array<{label: string}>} | null};
            expect(faults(ctx), risk).toEqual([]);
            if (risk === 'differs' || risk === 'aftersave') {
                expect(ctx.useridack, risk).toBeNull();
                expect(ctx.useridchoice?.options.map((o) => o.label)).toEqual([strings.plan_useridkeep, strings.plan_useridaccept]);
            } else {
                expect(ctx.useridchoice, risk).toBeNull();
                expect(ctx.useridack?.label).toBe(strings.plan_useridack);
            }
        }
        const error: Message = codeMessage('kafunreachable', 'down');
        const all: StepState[] = [{status: 'pending'}, {status: 'running', startedAt: 1},
            {status: 'done', startedAt: 1, durationMs: 3, detail: {}},
            {status: 'failed', startedAt: 1, durationMs: 3, error}, {status: 'skipped', reason: {key: 'engine_step_nokeys'}}];
        for (const st of all) {
            const states = new Map<StepName, StepState>(STEP_ORDER.map((n) => [n, st]));
            expect(faults(await withStrings((t) => stepsContext(states, t))), st.status).toEqual([]);
        }
        // A save done while the other failed, before and after the rollback.
        for (const rollback of [{status: 'running', startedAt: 1}, all[2]] as StepState[]) {
            const states = new Map<StepName, StepState>([['kaf', all[3] as StepState], ['moodle', all[2] as StepState],
                ['rollback', rollback]]);
            expect(faults(await withStrings((t) => stepsContext(states, t))), rollback.status).toEqual([]);
        }
    });

    it('shows a shim error in the server\'s words under its code, and a door code filled with KAF\'s address', async() => {
        for (const code of SHIM_CODES) {
            expect(codeMessage(code, 'The server said so.')).toEqual({key: code, text: 'The server said so.'});
            expect(await withStrings((t) => t(codeMessage(code, 'The server said so.')))).toBe('The server said so.');
            expect(strings[code], code).toBeTruthy();
        }
        for (const code of DOOR_CODES) {
            expect(faults([await withStrings((t) => t({key: code, a: 'https://kaf.example'}))]), code).toEqual([]);
        }
        expect(codeMessage('invalidsesskey', 'odd')).toEqual({key: 'engine_err_unknown', params: {code: 'invalidsesskey',
            detail: 'odd'}});
    });
});

/**
 * Lists the TypeScript below a folder.
 *
 * @param dir folder
 * @returns paths
 */
function walk(dir: string): string[] {
    return readdirSync(dir).flatMap((n) => {
        const p = path.join(dir, n);
        if (statSync(p).isDirectory()) {
            return walk(p);
        }
        return p.endsWith('.ts') ? [p] : [];
    });
}

interface Use {
    where: string;
    key: string;
    /** The param names given, or null when params is not an object literal (built elsewhere). */
    params: string[] | null;
}

/**
 * Every literal message in the sources: msg('key', {...}) and {key: 'key', params: {...}}.
 *
 * @returns the uses
 */
function literalMessages(): Use[] {
    const uses: Use[] = [];
    for (const file of walk(path.join(root, 'amd/src'))) {
        const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
        const names = (o: ts.Expression | undefined): string[] | null => {
            if (o === undefined) {
                return [];
            }
            if (!ts.isObjectLiteralExpression(o) || o.properties.some((p) => ts.isSpreadAssignment(p))) {
                return null;
            }
            return o.properties.map((p) => (p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) ? p.name.text : '?'));
        };
        const visit = (node: ts.Node): void => {
            const where = `${path.relative(root, file)}:${sf.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
            if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'msg'
                && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) {
                uses.push({where, key: node.arguments[0].text, params: names(node.arguments[1])});
            }
            if (ts.isObjectLiteralExpression(node)) {
                const prop = (n: string): ts.PropertyAssignment | undefined => node.properties.find(
                    (p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === n);
                const key = prop('key');
                if (key && ts.isStringLiteral(key.initializer) && /_/.test(key.initializer.text)) {
                    uses.push({where, key: key.initializer.text, params: names(prop('params')?.initializer)});
                }
            }
            ts.forEachChild(node, visit);
        };
        visit(sf);
    }
    return uses;
}

describe('every literal message in amd/src', () => {
    const uses = literalMessages();

    it('names a string of the lang file and fills each of its placeholders', () => {
        expect(uses.length).toBeGreaterThan(60);
        const problems = uses.flatMap((u) => {
            const text = strings[u.key];
            if (text === undefined) {
                return [`${u.where}: ${u.key} is not in the lang file`];
            }
            if (u.params === null) {
                return [];
            }
            const wanted = [...text.matchAll(/\{\$a->([a-z0-9_]+)\}/gi)].map((m) => m[1] ?? '');
            const missing = wanted.filter((w) => !u.params?.includes(w));
            const bare = text.includes('{$a}') ? ['{$a}'] : [];
            return [...missing, ...bare].map((w) => `${u.where}: ${u.key} leaves ${w} unfilled`);
        });
        expect(problems).toEqual([]);
    });

    it('renders each through withStrings with its params, leaving nothing unresolved', async() => {
        const given = uses.filter((u) => u.params !== null);
        expect(given.length).toBeGreaterThan(60);
        const rendered = await withStrings((t) => given.map((u) => t({key: u.key,
            params: Object.fromEntries((u.params ?? []).map((p) => [p, `<${p}>`]))})));
        expect(rendered.flatMap((text, i) => faults([text]).map((f) => `${given[i]?.where}: ${f}`))).toEqual([]);
    });

    it('never says "nothing was changed" for a failure the Hosted read can raise, as it runs after changes too', () => {
        const hosted = uses.filter((u) => u.where.startsWith('amd/src/local/hosted.ts'));
        expect(hosted.length).toBeGreaterThan(5);
        expect(hosted.filter((u) => /nothing was changed/i.test(strings[u.key] ?? '')).map((u) => u.key)).toEqual([]);
    });
});
