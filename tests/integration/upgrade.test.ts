import {afterEach, describe, expect, it} from 'vitest';
import {runUpgrade} from '../../amd/src/engine-lazy';
import {jwksFromPem} from '../../tools/kafsim/server';
import type {Field, HttpMethod, KafResponse, RunKind, RunSummary, Services} from '../../amd/src/local/model';
import {TestSite} from './site';
import {connectAndPlan, progress, startEnv, type Env} from './helpers';

/**
 * The test site with lib/ajax/service.php's batch for run_start: made through ahead(), it waits for the next KAF
 * request and runs first in its request; when it fails, that request fails with it and never reaches KAF.
 */
class BatchingSite extends TestSite {
    private waiting: Array<() => Promise<unknown>> = [];

    override ahead(): Pick<Services, 'getState' | 'saveSettings' | 'saveToolType' | 'runStart'> {
        const base = super.ahead();
        return {
            getState: () => base.getState(), saveSettings: (c) => base.saveSettings(c),
            saveToolType: (t, c) => base.saveToolType(t, c),
            runStart: (kind: RunKind, plan: string) => new Promise<RunSummary>((resolve, reject) => {
                this.waiting.push(() => base.runStart(kind, plan).then(resolve, (e: unknown) => {
                    reject(e);
                    throw e;
                }));
            }),
        };
    }

    override async kafRequest(method: HttpMethod, path: string, fields: Field[]): Promise<KafResponse> {
        for (const w of this.waiting.splice(0)) {
            await w();
        }
        return super.kafRequest(method, path, fields);
    }
}

const envs: Env[] = [];
afterEach(async() => {
    await Promise.all(envs.splice(0).map((e) => e.sim.close()));
});

describe('upgrade against the simulator', () => {
    for (const lti13Fields of ['hidden', 'after-save'] as const) {
        for (const csrf of [false, 'render'] as const) {
            it(`upgrades and verifies (${lti13Fields}, csrf ${csrf})`, async() => {
                const env = await startEnv({lti13Fields, csrf});
                envs.push(env);
                const before = env.sim.values('hosted');
                const {conn, plan} = await connectAndPlan(env);
                expect(plan.layout).toBe(lti13Fields === 'hidden' ? 'present' : 'after-save');
                expect(plan.changes.map((c) => c.field)).toEqual(expect.arrayContaining(['authMethod', 'lti13ClientId',
                    'lti13ServicePrivateKey', 'lti_version', 'enable_logging']));
                const p = progress();
                // Connecting opened the Backup Configuration page (by the link on the Hosted page read at connect),
                // the last page read: the run starts with the backup's post.
                await conn.backupPage?.page;
                const logStart = env.sim.state().log.length;
                expect(env.sim.state().log.at(-1)?.path).toBe('/admin/config/backup');
                const out = await runUpgrade(conn, plan, {onProgress: p.onProgress, backend: conn.backend});
                expect(out.status, JSON.stringify(out)).toBe('completed');
                // The snapshot's read, after the backup, is also the form of the first save: one Hosted read in the
                // run before it saves, not three.
                const paths = env.sim.state().log.slice(logStart).map((r) => `${r.method} ${r.path}`);
                const saveAt = paths.indexOf('POST /admin/config/tab/hosted');
                const hostedReads = (from: number, to: number): number =>
                    paths.slice(from, to).filter((x) => x === 'GET /admin/config/tab/hosted').length;
                expect(paths[0]).toBe('POST /admin/config/backup/confirm-save');
                expect(paths).not.toContain('GET /admin/config/backup');
                expect(hostedReads(0, saveAt)).toBe(1);
                const after = env.sim.values('hosted');
                expect(after.authMethod).toBe('lti1.3');
                expect(after.lti13ClientId).toBe('AbCdEfGhIjKlMnO');
                expect(after.lti13PlatformOidcAuthUrl).toBe('https://moodle.example/local/kaltura/auth.php');
                for (const [k, v] of Object.entries(before)) {
                    if (!k.startsWith('lti13') && k !== 'authMethod') {
                        expect(after[k], k).toBe(v);
                    }
                }
                expect(env.services.state.settings.lti_version).toBe('1.3.0');
                expect(env.services.runs[0]?.status).toBe('completed');
                expect(env.sim.state().backup).not.toBeNull();
                expect(p.updates.some((u) => u.step === 'verify' && u.state.status === 'done')).toBe(true);
                // Verify asked the server's probe, which read KAF's key set and login initiation itself; the finished
                // run recorded the key KAF publishes (the simulator's kid is its RFC 7638 thumbprint).
                const probeAt = env.sim.state().log.slice(logStart).map((r) => r.path);
                expect(probeAt).toEqual(expect.arrayContaining(['/hosted/index/lti-advantage-key-set', '/hosted/index/oidc-init']));
                const kid = jwksFromPem(after.lti13ServicePublicKey ?? '').keys[0]?.kid;
                expect(kid).toMatch(/^[A-Za-z0-9_-]{43}$/);
                expect(env.services.verifiedThumbprint).toBe(kid);
                expect(out.status === 'completed' && out.keyThumbprint).toBe(kid);

                // A second run plans nothing.
                const again = await connectAndPlan(env);
                expect(again.plan.changes).toEqual([]);
                expect((await runUpgrade(again.conn, again.plan)).status).toBe('nothingtodo');
            });
        }
    }

    it('opens the backup page again when another console page was read after connect, or KAF refused the early form',
        async() => {
            const env = await startEnv({csrf: 'session'});
            envs.push(env);
            const first = await connectAndPlan(env);
            await first.conn.backupPage?.page;
            // A console read after connect: the early page is no longer the last one KAF rendered.
            await first.conn.session.request('GET', '/admin/config/tab/hosted');
            let logStart = env.sim.state().log.length;
            expect((await runUpgrade(first.conn, first.plan, {backend: first.conn.backend})).status).toBe('completed');
            expect(env.sim.state().log.slice(logStart).map((r) => `${r.method} ${r.path}`).slice(0, 2))
                .toEqual(['GET /admin/config/backup', 'POST /admin/config/backup/confirm-save']);

            // KAF refuses the early page's form once (as it would a token it no longer holds): read again, saved once.
            const env2 = await startEnv({csrf: 'session'});
            envs.push(env2);
            const second = await connectAndPlan(env2);
            await second.conn.backupPage?.page;
            env2.sim.addFaults({kind: 'status', status: 403, path: '/admin/config/backup/confirm-save', method: 'POST'});
            logStart = env2.sim.state().log.length;
            const out = await runUpgrade(second.conn, second.plan, {backend: second.conn.backend});
            expect(out.status, JSON.stringify(out)).toBe('completed');
            expect(env2.sim.state().log.slice(logStart).map((r) => `${r.method} ${r.path} ${r.status}`).slice(0, 3))
                .toEqual(['POST /admin/config/backup/confirm-save 403', 'GET /admin/config/backup 200',
                    'POST /admin/config/backup/confirm-save 200']);
            expect(env2.sim.state().backup).not.toBeNull();
        });

    it('sends run_start with the backup\'s first KAF request: refused, KAF sees nothing of the run', async() => {
        const env = await startEnv({csrf: 'session'});
        envs.push(env);
        const services = new BatchingSite({kafUri: env.kafUri, caFile: env.sim.caPath});
        env.services = services;
        const {conn, plan} = await connectAndPlan(env);
        await conn.backupPage?.page;
        // Another run holds the lock.
        await services.runStart('upgrade', '{}');
        const logStart = env.sim.state().log.length;
        const out = await runUpgrade(conn, plan, {backend: conn.backend});
        expect(out.status).toBe('failed');
        expect(out.status === 'failed' && out.error.key).toBe('runinprogress');
        expect(env.sim.state().log.slice(logStart)).toEqual([]);
        expect(env.sim.state().backup).toBeNull();
        expect(services.runs.filter((r) => r.status === 'running')).toHaveLength(1);
    });
});
