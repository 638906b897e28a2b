// The fault matrix: each step × {timeout, 5xx, reset, expired session, changed form} ends either upgraded and
// verified or fully restored, with no unplanned field changed.

import {afterAll, describe, expect, it} from 'vitest';
import {runUpgrade, type StepName} from '../../amd/src/local/engine';
import {connectAndPlan, startEnv} from './helpers';

const STEPS: StepName[] = ['snapshot', 'backup', 'kaf', 'moodle', 'verify'];
const KINDS = ['timeout', '5xx', 'reset', 'session', 'form'] as const;
type Kind = typeof KINDS[number];

/**
 * The simulator fault for a step and kind, or null when it does not apply (the Moodle step has no KAF form).
 *
 * @param step the step
 * @param kind the fault kind
 * @returns the fault spec
 */
function faultFor(step: StepName, kind: Kind): object | null {
    const where: Record<string, object> = {
        snapshot: {path: '/admin/config/tab/hosted'},
        backup: {pathPrefix: '/admin/config/backup'},
        kaf: {path: '/admin/config/tab/hosted', method: 'POST', afterApply: true},
        verify: {pathPrefix: '/hosted/index/'},
    };
    const w = where[step] ?? {};
    switch (kind) {
        case 'timeout':
            return {kind: 'hang', ...w, afterApply: undefined};
        case '5xx':
            return {kind: 'status', status: 503, ...w};
        case 'reset':
            return {kind: 'reset', ...w};
        case 'session':
            return {kind: 'session-expire', afterRequests: 1};
        case 'form':
            return step === 'verify' ? {kind: 'form-extra-field', module: 'hosted', field: 'surprise', value: 'x'}
                : {kind: 'form-missing-field', module: 'hosted', field: 'lti13ClientId'};
    }
    return null;
}

const matrix: Record<string, Record<string, string>> = {};

afterAll(() => {
    const rows = STEPS.map((s) => s.padEnd(9) + KINDS.map((k) => (matrix[s]?.[k] ?? '-').padEnd(13)).join(''));
    console.log('\nFault matrix (outcome per step × fault)\n' + ' '.repeat(9) + KINDS.map((k) => k.padEnd(13)).join('')
        + '\n' + rows.join('\n'));
});

describe('fault matrix', () => {
    for (const step of STEPS) {
        for (const kind of KINDS) {
            it(`${step} × ${kind}`, async() => {
                const env = await startEnv({csrf: 'render'}, {timeoutMs: 800});
                try {
                    const before = env.sim.values('hosted');
                    const {conn, plan} = await connectAndPlan(env);
                    const out = await runUpgrade(conn, plan, {onProgress: (u) => {
                        if (u.step !== step || u.state.status !== 'running') {
                            return;
                        }
                        if (step === 'moodle') {
                            const code = kind === 'form' ? 'settinginvalid' : 'servererror';
                            env.services.moodleFaults.push({fn: 'saveSettings', code, count: 1});
                            return;
                        }
                        const f = faultFor(step, kind);
                        if (f) {
                            env.sim.addFaults(f);
                        }
                    }});
                    (matrix[step] ??= {})[kind] = out.status;
                    const after = env.sim.values('hosted');
                    const planned = new Set(plan.changes.filter((c) => c.where === 'kaf').map((c) => c.field));
                    for (const [k, v] of Object.entries(before)) {
                        if (!planned.has(k)) {
                            expect(after[k], `unplanned ${k}`).toBe(v);
                        }
                    }
                    if (out.status === 'completed') {
                        expect(after.authMethod).toBe('lti1.3');
                        expect(env.services.state.settings.lti_version).toBe('1.3.0');
                    } else {
                        expect(['rolledback', 'failed'], JSON.stringify(out)).toContain(out.status);
                        expect(after).toEqual(before);
                        expect(env.services.state.settings.lti_version).toBe('LTI-1p0');
                        expect(env.services.state.settings.enable_logging).toBe('0');
                    }
                    expect(env.services.runs.find((r) => r.status === 'running')).toBeUndefined();
                } finally {
                    await env.sim.close();
                }
            });
        }
    }
});
