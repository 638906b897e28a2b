// A kaf_uri correction belongs to the run: the session logs in at the corrected URI without saving it; the run saves
// it with the plan (config log), and a rollback puts the value as it was back. A failed login changes nothing.
import {afterEach, describe, expect, it} from 'vitest';
import {connect, runUpgrade} from '../../amd/src/engine-lazy';
import {ACK, backend, CREDS, startEnv, type Env} from './helpers';

let env: Env | null = null;
afterEach(async() => {
    await env?.sim.close();
    env = null;
});

/**
 * A simulator whose kaf_uri in Moodle is written as http://host:port/ (scheme and trailing slash to correct).
 *
 * @returns the environment and the value as stored
 */
async function withBadKafUri(): Promise<{e: Env; stored: string}> {
    const e = await startEnv({csrf: 'render'}, {timeoutMs: 800});
    const stored = e.kafUri.replace(/^https:/, 'http:') + '/';
    (e.services.state.settings as {kaf_uri: string}).kaf_uri = stored;
    return {e, stored};
}

describe('kaf_uri correction', () => {
    it('logs in at the corrected URI without saving it; a failed login leaves kaf_uri as it was', async() => {
        const {e, stored} = await withBadKafUri();
        env = e;
        const wrong = await connect(e.services, await e.services.getState(), {...CREDS, password: 'nope'},
            {backend, retryDelayMs: 10, fixKafUri: true});
        expect(wrong.ok).toBe(false);
        expect(wrong.ok ? '' : wrong.error.key).toBe('kafbadcredentials');
        expect(e.services.state.settings.kaf_uri).toBe(stored);
        expect(e.services.configLog).toEqual([]);
        const r = await connect(e.services, await e.services.getState(), CREDS, {backend, retryDelayMs: 10, fixKafUri: true});
        expect(r.ok).toBe(true);
        expect(e.services.state.settings.kaf_uri).toBe(stored);
        expect(e.services.configLog).toEqual([]);
        if (!r.ok) {
            return;
        }
        expect(r.connection.kafUriFixed).toEqual({before: stored, after: e.kafUri});
        r.connection.session.close();
    });

    it('saves the correction with the run, and puts it back with a rollback', async() => {
        for (const fail of [false, true]) {
            const {e, stored} = await withBadKafUri();
            env = e;
            const r = await connect(e.services, await e.services.getState(), CREDS, {backend, retryDelayMs: 10, fixKafUri: true});
            if (!r.ok) {
                throw new Error(JSON.stringify(r.error));
            }
            const {makePlan} = await import('../../amd/src/engine-lazy');
            const plan = makePlan(r.connection.state, r.connection.kaf, ACK);
            expect(plan.changes.find((c) => c.field === 'kaf_uri')).toMatchObject({where: 'moodle', before: stored,
                after: {kind: 'value', value: e.kafUri}});
            const out = await runUpgrade(r.connection, plan, {onProgress: (u) => {
                if (fail && u.step === 'verify' && u.state.status === 'running') {
                    e.sim.addFaults({kind: 'status', status: 503, pathPrefix: '/hosted/index/', count: 'always'});
                }
            }});
            if (fail) {
                expect(out.status, JSON.stringify(out)).toBe('rolledback');
                expect(e.services.state.settings.kaf_uri).toBe(stored);
                expect(e.services.configLog).toContainEqual({name: 'kaf_uri', oldvalue: e.kafUri, value: stored});
            } else {
                expect(out.status, JSON.stringify(out)).toBe('completed');
                expect(e.services.state.settings.kaf_uri).toBe(e.kafUri);
            }
            expect(e.services.configLog[0]).toEqual({name: 'kaf_uri', oldvalue: stored, value: e.kafUri});
            await e.sim.close();
            env = null;
        }
    });
});
