import {afterEach, describe, expect, it} from 'vitest';
import {connect, resume, revert, rollback, runUpgrade} from '../../amd/src/engine-lazy';
import type {Plan} from '../../amd/src/local/model';
import {backend, connectAndPlan, CREDS, startEnv, type Env} from './helpers';

let env: Env | null = null;
afterEach(async() => {
    await env?.sim.close();
    env = null;
});

/**
 * Connects again, as a page loaded later would.
 *
 * @param e the environment
 * @returns the connection
 */
async function reconnect(e: Env) {
    const r = await connect(e.services, await e.services.getState(), CREDS, {backend, retryDelayMs: 10});
    if (!r.ok) {
        throw new Error(JSON.stringify(r.error));
    }
    return r.connection;
}

describe('resume, rollback, revert', () => {
    it('reverts to LTI 1.1 and upgrades again with the same keys', async() => {
        env = await startEnv();
        const {conn, plan} = await connectAndPlan(env);
        expect((await runUpgrade(conn, plan)).status).toBe('completed');
        const upgraded = env.sim.values('hosted');
        const out = await revert(await reconnect(env));
        expect(out.status, JSON.stringify(out)).toBe('completed');
        const reverted = env.sim.values('hosted');
        // The revert posts the whole form, the private key as its token; the shim puts back the bytes KAF sent.
        expect(reverted).toEqual({...upgraded, authMethod: 'lti'});
        expect(env.services.state.settings.lti_version).toBe('LTI-1p0');
        expect(env.services.runs[1]?.kind).toBe('revert');
        // Trace logging, which the upgrade turned on, is back to what the upgrade found, and the revert planned it.
        expect(env.services.state.settings.enable_logging).toBe('0');
        const revertPlan = JSON.parse(env.services.runs[1]?.plan ?? '{}') as Plan;
        expect(revertPlan.changes.find((c) => c.field === 'enable_logging'))
            .toMatchObject({where: 'moodle', before: '1', after: {kind: 'value', value: '0'}});
        const again = await connectAndPlan(env);
        expect(again.plan.keys).toBe('keep');
        expect(again.plan.changes.map((c) => c.field).sort()).toEqual(['authMethod', 'enable_logging', 'lti_version']);
        // KAF shows its 1.3 fields here: nothing is marked as hidden.
        expect(again.plan.changes.some((c) => c.beforeHidden)).toBe(false);
    });

    it('leaves trace logging alone on a revert when it was on before the upgrade, or changed since', async() => {
        for (const [before, since] of [['1', null], ['0', '0']] as const) {
            env = await startEnv({}, {settings: {enable_logging: before}});
            const {conn, plan} = await connectAndPlan(env);
            expect((await runUpgrade(conn, plan)).status).toBe('completed');
            expect(env.services.state.settings.enable_logging).toBe('1');
            if (since !== null) {
                env.services.state.settings.enable_logging = since;
            }
            expect((await revert(await reconnect(env))).status).toBe('completed');
            const revertPlan = JSON.parse(env.services.runs[1]?.plan ?? '{}') as Plan;
            expect(revertPlan.changes.map((c) => c.field)).not.toContain('enable_logging');
            expect(env.services.state.settings.enable_logging).toBe(since ?? '1');
            await env.sim.close();
            env = null;
        }
    });

    it('reverts and upgrades again where KAF shows the 1.3 fields only while 1.3 is selected', async() => {
        env = await startEnv({lti13Fields: 'after-save'});
        for (let round = 0; round < 2; round++) {
            const {conn, plan} = await connectAndPlan(env);
            expect(plan.layout).toBe('after-save');
            const up = await runUpgrade(conn, plan);
            expect(up.status, JSON.stringify(up)).toBe('completed');
            const upgraded = env.sim.values('hosted');
            const out = await revert(await reconnect(env));
            // The revert's save hides the 1.3 fields again: that is KAF's layout, not an unplanned change.
            expect(out.status, JSON.stringify(out)).toBe('completed');
            expect(env.sim.values('hosted')).toEqual({...upgraded, authMethod: 'lti'});
            expect(env.services.state.settings.lti_version).toBe('LTI-1p0');
            // The next upgrade's plan cannot see the 1.3 values KAF holds: each is marked as hidden, not as empty.
            const next = await connectAndPlan(env);
            const hidden = next.plan.changes.filter((c) => c.beforeHidden).map((c) => c.field).sort();
            expect(hidden).toEqual(['lti13AuthTokenUrl', 'lti13ClientId', 'lti13KeysUrl', 'lti13PlatformOidcAuthUrl',
                'lti13ServicePrivateKey', 'lti13ServicePublicKey']);
            expect(next.plan.changes.find((c) => c.field === 'authMethod')?.beforeHidden).toBeUndefined();
        }
    });

    it('resumes and rolls back a run left in progress', async() => {
        for (const action of ['resume', 'rollback'] as const) {
            env = await startEnv();
            const before = env.sim.values('hosted');
            const {conn, plan} = await connectAndPlan(env);
            // Stop after the KAF save: the Moodle save never answers (a closed tab). Its writes go out with the first
            // Hosted save, so the run is caught once that save is done.
            env.services.saveSettings = () => new Promise(() => undefined);
            const pending = runUpgrade(conn, plan);
            for (let i = 0; i < 200 && env.services.runs[0]?.steps.find((s) => s.name === 'kaf')?.status !== 'done'; i++) {
                await new Promise((resolve) => setTimeout(resolve, 20));
            }
            void pending;
            expect(env.sim.values('hosted').authMethod).toBe('lti1.3');
            const services = env.services;
            // A new page: fresh services over the same state.
            delete (services as {saveSettings?: unknown}).saveSettings;
            await services.dropKafSession();
            const state = await services.getState();
            expect(state.run?.status).toBe('running');
            const c2 = await reconnect(env);
            const out = action === 'resume' ? await resume(c2, state.run!) : await rollback(c2, state.run!);
            if (action === 'resume') {
                expect(out.status, JSON.stringify(out)).toBe('completed');
                expect(services.state.settings.lti_version).toBe('1.3.0');
            } else {
                expect(out.status, JSON.stringify(out)).toBe('rolledback');
                expect(env.sim.values('hosted')).toEqual(before);
                expect(services.state.settings.lti_version).toBe('LTI-1p0');
            }
            await env.sim.close();
            env = null;
        }
    });
});
