// The fault matrix: each step × {timeout, 5xx, reset, expired session, changed form} ends either upgraded and
// verified or fully restored, with no unplanned field changed. The first rows fault once (the engine's one retry
// may absorb it); the rows marked ! keep faulting, so the run must roll back; and the last tests make the
// rollback itself fail. What KAF holds is always read from the simulator's own GET /__sim/state, never through
// the engine.

import {afterAll, describe, expect, it} from 'vitest';
import {runUpgrade, type RunOutcome, type StepName, type StepUpdate} from '../../amd/src/engine-lazy';
import {connectAndPlan, simState, startEnv, type Env} from './helpers';

const KINDS = ['timeout', '5xx', 'reset', 'session', 'form', 'drift'] as const;
type Kind = typeof KINDS[number];

/**
 * How long the faults of a row last: 'once' (each fires once), 'step' (every matching request until the step
 * ends, then cleared) or 'run' (every matching request until the run ends, rollback included).
 */
type Scope = 'once' | 'step' | 'run';

/** What a cell does to the run when its step starts. */
type Arm = (env: Env) => void;

interface Row {
    name: string;
    step: StepName;
    scope: Scope;
    /** The cell's arming, null when the kind does not apply. */
    cell(kind: Kind): Arm | null;
    /** The outcomes the row allows. */
    expect: Array<RunOutcome['status']>;
}

const HOSTED = '/admin/config/tab/hosted';
const ALWAYS = {count: 'always'};

/**
 * Arms simulator faults.
 *
 * @param faults fault specs
 * @returns the arming
 */
function sim(...faults: object[]): Arm {
    return (env) => {
        env.sim.addFaults(faults);
    };
}

/**
 * The one-shot cell of a step (the original matrix).
 *
 * @param step the step
 * @param kind the fault kind
 * @returns the arming, or null
 */
function onceCell(step: StepName, kind: Kind): Arm | null {
    if (step === 'moodle') {
        if (kind === 'drift') {
            return null;
        }
        return (env) => {
            const code = kind === 'form' ? 'settinginvalid' : 'servererror';
            env.services.moodleFaults.push({fn: 'saveSettings', code, count: 1});
        };
    }
    const where: Record<string, object> = {
        snapshot: {path: HOSTED},
        backup: {pathPrefix: '/admin/config/backup'},
        kaf: {path: HOSTED, method: 'POST', afterApply: true},
        verify: {pathPrefix: '/hosted/index/'},
    };
    const w = where[step] ?? {};
    switch (kind) {
        case 'timeout':
            return sim({kind: 'hang', ...w, afterApply: undefined});
        case '5xx':
            return sim({kind: 'status', status: 503, ...w});
        case 'reset':
            return sim({kind: 'reset', ...w});
        case 'session':
            return sim({kind: 'session-expire', afterRequests: 1});
        case 'form':
            if (step === 'backup') {
                // KAF relabelled the backup page's button: the run must stop before any change.
                return (env) => {
                    env.services.rewrites.push({path: '/admin/config/backup', method: 'GET', from: />\s*Save Backup\s*</g,
                        to: '>Save a Backup<', count: Infinity});
                };
            }
            // Verify: a planned field is missing when the Hosted page is read back.
            return sim({kind: 'form-missing-field', module: 'hosted', field: 'lti13ClientId'});
        case 'drift':
            return null;
    }
    return null;
}

const ROWS: Row[] = [
    ...(['snapshot', 'backup', 'kaf', 'moodle', 'verify'] as const).map((step): Row => ({
        name: step, step, scope: 'once', cell: (k) => onceCell(step, k), expect: ['completed', 'rolledback', 'failed'],
    })),
    {
        // Every Hosted save fails for the rest of the run, before KAF applies it.
        name: 'kaf!', step: 'kaf', scope: 'run', expect: ['rolledback'],
        cell: (kind) => ({
            timeout: sim({kind: 'hang', path: HOSTED, method: 'POST', ...ALWAYS}),
            '5xx': sim({kind: 'status', status: 503, path: HOSTED, method: 'POST', ...ALWAYS}),
            reset: sim({kind: 'reset', path: HOSTED, method: 'POST', ...ALWAYS}),
            session: sim({kind: 'session-expire', path: HOSTED, method: 'POST', ...ALWAYS}),
            // The page KAF answers the save with, and the read after it, lack a planned field.
            form: sim({kind: 'form-missing-field', module: 'hosted', field: 'lti13ClientId', nth: 2, count: 2}),
            drift: null,
        })[kind],
    },
    {
        // Every Hosted save is applied at KAF, then answered with a failure, for the rest of the run (rollback too).
        name: 'kaf!apply', step: 'kaf', scope: 'run', expect: ['rolledback'],
        cell: (kind) => ({
            timeout: sim({kind: 'hang', path: HOSTED, method: 'POST', afterApply: true, ...ALWAYS}),
            '5xx': sim({kind: 'status', status: 502, path: HOSTED, method: 'POST', afterApply: true, ...ALWAYS}),
            reset: sim({kind: 'reset', path: HOSTED, method: 'POST', afterApply: true, ...ALWAYS}),
            session: null,
            form: null,
            drift: null,
        })[kind],
    },
    {
        // Every verification request fails until verify ends.
        name: 'verify!', step: 'verify', scope: 'step', expect: ['rolledback'],
        cell: (kind) => ({
            timeout: sim({kind: 'hang', pathPrefix: '/hosted/index/', ...ALWAYS}),
            '5xx': sim({kind: 'status', status: 503, pathPrefix: '/hosted/index/', ...ALWAYS}),
            reset: sim({kind: 'reset', pathPrefix: '/hosted/index/', ...ALWAYS}),
            session: sim({kind: 'session-expire', path: HOSTED, method: 'GET', ...ALWAYS}),
            form: sim({kind: 'form-missing-field', module: 'hosted', field: 'lti13ClientId', ...ALWAYS}),
            // Someone changes lti13ClientId at KAF after our save: the read-back and the OIDC check fail.
            drift: (env: Env) => env.sim.setValues('hosted', {lti13ClientId: 'SomebodyElse12'}),
        })[kind],
    },
];

const matrix: Record<string, Record<string, string>> = {};
const extra: string[] = [];

afterAll(() => {
    const rows = ROWS.map((r) => r.name.padEnd(11) + KINDS.map((k) => (matrix[r.name]?.[k] ?? '-').padEnd(13)).join(''));
    console.log('\nFault matrix (outcome per step × fault; ! = the fault persists: kaf! and kaf!apply for the rest of the'
        + ' run, verify! until verify ends)\n' + ' '.repeat(11) + KINDS.map((k) => k.padEnd(13)).join('') + '\n'
        + rows.join('\n') + (extra.length ? '\n\nRollback failures\n' + extra.join('\n') : ''));
});

/**
 * Connects, plans and runs with a hook on step updates.
 *
 * @param env the environment
 * @param hook called on every step update
 * @returns the plan and the outcome
 */
async function runWith(env: Env, hook: (u: StepUpdate) => void) {
    const {conn, plan} = await connectAndPlan(env);
    const out = await runUpgrade(conn, plan, {onProgress: hook});
    return {plan, out};
}

describe('fault matrix', () => {
    for (const row of ROWS) {
        for (const kind of KINDS) {
            const arm = row.cell(kind);
            if (!arm) {
                continue;
            }
            it(`${row.name} × ${kind}`, async() => {
                const env = await startEnv({csrf: 'render'}, {timeoutMs: 800});
                try {
                    const before = (await simState(env)).modules;
                    const settingsBefore = {...env.services.state.settings};
                    let atRollback = '';
                    const {plan, out} = await runWith(env, (u) => {
                        if (u.step === 'rollback' && u.state.status === 'running') {
                            atRollback = env.sim.values('hosted').authMethod ?? '';
                        }
                        if (u.step !== row.step) {
                            return;
                        }
                        if (u.state.status === 'running') {
                            arm(env);
                        } else if (row.scope === 'step' && (u.state.status === 'failed' || u.state.status === 'done')) {
                            env.sim.clearFaults();
                        }
                    });
                    (matrix[row.name] ??= {})[kind] = out.status;
                    expect(row.expect, JSON.stringify(out)).toContain(out.status);
                    const after = (await simState(env)).modules;
                    const planned = new Set(plan.changes.filter((c) => c.where === 'kaf').map((c) => c.field));
                    for (const [k, v] of Object.entries(before.hosted ?? {})) {
                        if (!planned.has(k)) {
                            expect(after.hosted?.[k], `unplanned ${k}`).toBe(v);
                        }
                    }
                    for (const m of Object.keys(before).filter((x) => x !== 'hosted')) {
                        expect(after[m], `module ${m}`).toEqual(before[m]);
                    }
                    if (out.status === 'completed') {
                        expect(after.hosted?.authMethod).toBe('lti1.3');
                        expect(env.services.state.settings.lti_version).toBe('1.3.0');
                    } else {
                        expect(['rolledback', 'failed'], JSON.stringify(out)).toContain(out.status);
                        // Both sides exactly as they started: every Hosted field byte for byte, and Moodle's settings.
                        expect(after.hosted).toEqual(before.hosted);
                        expect(env.services.state.settings).toEqual(settingsBefore);
                    }
                    if (row.name === 'kaf!apply' || (row.name === 'kaf!' && kind === 'form')) {
                        // The save was applied at KAF: the rollback had something to put back.
                        expect(atRollback).toBe('lti1.3');
                    } else if (row.name === 'kaf!') {
                        expect(atRollback).toBe('lti');
                    }
                    if (row.step === 'backup' && kind === 'form') {
                        expect(out.status).toBe('failed');
                        expect(out.status === 'failed' && out.error.key).toBe('engine_kafnobutton');
                        expect(env.services.requests.filter((r) => r.startsWith('POST /admin/config/tab/'))).toEqual([]);
                    }
                    if (row.step === 'verify' && (kind === 'form' || kind === 'drift')) {
                        expect(out.status).toBe('rolledback');
                    }
                    if (kind === 'drift') {
                        const verify = env.services.runs[0]?.steps.find((s) => s.name === 'verify');
                        expect(verify?.status).toBe('failed');
                        expect(verify?.detail).toContain('hostedfields');
                        expect(verify?.detail).toContain('oidc');
                    }
                    expect(env.services.runs.find((r) => r.status === 'running')).toBeUndefined();
                } finally {
                    await env.sim.close();
                }
            });
        }
    }
});

describe('a rollback that fails', () => {
    it('lists what still differs on each side when KAF and Moodle both refuse saves', async() => {
        const env = await startEnv({csrf: 'render'}, {timeoutMs: 800});
        try {
            const {out} = await runWith(env, (u) => {
                if (u.step === 'verify' && u.state.status === 'running') {
                    // The key set fails (verify fails), KAF refuses every save and Moodle every settings change from now on.
                    env.sim.addFaults([{kind: 'status', status: 503, pathPrefix: '/hosted/index/', ...ALWAYS},
                        {kind: 'status', status: 503, method: 'POST', pathPrefix: '/admin/', ...ALWAYS}]);
                    env.services.moodleFaults.push({fn: 'saveSettings', code: 'servererror', count: 1000});
                }
            });
            expect(out.status, JSON.stringify(out)).toBe('rollbackfailed');
            if (out.status !== 'rollbackfailed') {
                return;
            }
            const kaf = out.sides.find((s) => s.where === 'kaf');
            const moodle = out.sides.find((s) => s.where === 'moodle');
            expect(kaf?.restored).toBe(false);
            expect(kaf?.differences.map((d) => d.field).sort()).toEqual(['authMethod', 'lti13AuthTokenUrl', 'lti13ClientId',
                'lti13KeysUrl', 'lti13PlatformOidcAuthUrl', 'lti13ServicePrivateKey', 'lti13ServicePublicKey']);
            expect(kaf?.differences.find((d) => d.field === 'authMethod'))
                .toEqual({field: 'authMethod', now: 'lti1.3', wanted: 'lti'});
            expect(moodle?.differences).toEqual([{field: 'lti_version', now: '1.3.0', wanted: 'LTI-1p0'},
                {field: 'enable_logging', now: '1', wanted: '0'}]);
            // What /__sim/state says agrees: KAF is still on 1.3.
            expect((await simState(env)).modules.hosted?.authMethod).toBe('lti1.3');
            // The journal says so.
            const run = env.services.runs[0];
            expect(run?.status).toBe('rollbackfailed');
            expect(run?.steps.find((s) => s.name === 'rollback')?.status).toBe('failed');
            const rv = run?.steps.find((s) => s.name === 'rollbackverify');
            expect(rv?.status).toBe('failed');
            expect(rv?.detail).toContain('engine_rollbackincomplete');
            expect(rv?.detail).toContain('"fields":"authMethod, lti13PlatformOidcAuthUrl');
            expect(rv?.detail).toContain('lti_version, enable_logging');
            const fin = JSON.parse(env.services.finishDetails.get(run?.id ?? 0) ?? '{}') as {sides?: unknown[]};
            expect(fin.sides).toEqual(out.sides);
            extra.push('KAF and Moodle refuse saves: ' + out.status + ' — ' + out.sides.map((s) => s.where + ': '
                + (s.restored ? 'restored' : s.differences.map((d) => d.field).join(', '))).join('; '));
        } finally {
            await env.sim.close();
        }
    });

    it('puts authMethod back on 1.1 when a 1.3 field leaves the form for the rest of the run, and names that field', async() => {
        const env = await startEnv({csrf: 'render'}, {timeoutMs: 800});
        try {
            const before = (await simState(env)).modules.hosted ?? {};
            const {out} = await runWith(env, (u) => {
                if (u.step === 'verify' && u.state.status === 'running') {
                    env.sim.addFaults({kind: 'form-missing-field', module: 'hosted', field: 'lti13ClientId', ...ALWAYS});
                }
            });
            expect(out.status, JSON.stringify(out)).toBe('rollbackfailed');
            if (out.status !== 'rollbackfailed') {
                return;
            }
            const after = (await simState(env)).modules.hosted ?? {};
            // The rollback read the form without the field and still put everything it shows back: KAF is on 1.1.
            expect(after.authMethod).toBe('lti');
            expect(env.services.state.settings.lti_version).toBe('LTI-1p0');
            // The one field it could not see (and so could not put back) is named, with the value to set.
            expect(out.sides).toEqual([
                {where: 'kaf', restored: false, differences: [{field: 'lti13ClientId', now: '',
                    wanted: before.lti13ClientId ?? '', absent: true}]},
                {where: 'moodle', restored: true, differences: []},
            ]);
            expect(Object.fromEntries(Object.entries(after).filter(([k]) => k !== 'lti13ClientId')))
                .toEqual(Object.fromEntries(Object.entries(before).filter(([k]) => k !== 'lti13ClientId')));
            // The cause is the form read back without the field (its text no longer claims that nothing was changed).
            expect(out.error).toEqual({key: 'engine_kaffieldsmissing', params: {fields: 'lti13ClientId'}});
            extra.push('A 1.3 field gone from verify on: ' + out.status + ' — ' + out.sides.map((s) => s.where + ': '
                + (s.restored ? 'restored' : s.differences.map((d) => d.field).join(', '))).join('; '));
        } finally {
            await env.sim.close();
        }
    });

    it('restores Moodle and reports KAF as unknown when KAF is down for the rest of the run', async() => {
        const env = await startEnv({csrf: 'render'}, {timeoutMs: 800});
        try {
            const {out} = await runWith(env, (u) => {
                if (u.step === 'verify' && u.state.status === 'running') {
                    env.sim.addFaults({kind: 'status', status: 503, pathPrefix: '/', ...ALWAYS});
                }
            });
            expect(out.status, JSON.stringify(out)).toBe('rollbackfailed');
            if (out.status !== 'rollbackfailed') {
                return;
            }
            expect(out.sides).toEqual([
                {where: 'kaf', restored: false, unread: true, differences: []},
                {where: 'moodle', restored: true, differences: []},
            ]);
            expect(env.services.state.settings.lti_version).toBe('LTI-1p0');
            expect(env.services.state.settings.enable_logging).toBe('0');
            const rv = env.services.runs[0]?.steps.find((s) => s.name === 'rollbackverify');
            expect(rv?.status).toBe('failed');
            expect(rv?.detail).toContain('engine_rollbackunread_kaf');
            expect(env.services.runs[0]?.status).toBe('rollbackfailed');
            extra.push('KAF down from verify on:    ' + out.status + ' — ' + out.sides.map((s) => s.where + ': '
                + (s.restored ? 'restored' : s.differences.map((d) => d.field).join(', '))).join('; '));
        } finally {
            await env.sim.close();
        }
    });
});
