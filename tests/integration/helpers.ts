// Shared set-up for the engine's integration tests against the KAF simulator.

import {webcrypto} from 'node:crypto';
import {startKafSim, type KafSim, type KafSimOptions} from '../../tools/kafsim/server';
import {TestSite, type SiteOptions} from './site';
import {connect, makePlan, type Connection, type StepUpdate} from '../../amd/src/engine-lazy';
import {webCryptoBackend} from '../../amd/src/local/keys';

export const backend = webCryptoBackend(webcrypto.subtle as unknown as SubtleCrypto);
export const CREDS = {username: 'admin@example.com', password: 'kafsim-admin'};
/**
 * The simulator's users are identified by user_id under 1.1 and by the username under 1.3 (local_kaltura 4.4.2): they
 * would get new Kaltura ids, so a plan runs only with the admin's informed choice. The tests accept the loss.
 */
export const ACK = {useridAck: true} as const;

export interface Env {
    sim: KafSim;
    services: TestSite;
    kafUri: string;
}

/**
 * Starts a simulator over TLS and a test site aimed at it; closing the simulator also ends the site's PHP.
 *
 * @param simOpts simulator options
 * @param siteOpts site options
 * @returns the environment
 */
export async function startEnv(simOpts: KafSimOptions = {}, siteOpts: Partial<SiteOptions> = {}): Promise<Env> {
    const sim = await startKafSim({port: 0, tls: true, ...simOpts});
    const kafUri = sim.url.replace(/^http:/, 'https:').replace(/\/$/, '');
    const services = new TestSite({kafUri, caFile: sim.caPath, ...siteOpts});
    const close = sim.close.bind(sim);
    sim.close = async() => {
        services.php.stop();
        await close();
    };
    return {sim, services, kafUri};
}

/**
 * Connects and plans.
 *
 * @param env the environment
 * @returns the connection and plan
 */
export async function connectAndPlan(env: Env): Promise<{conn: Connection; plan: ReturnType<typeof makePlan>}> {
    const state = await env.services.getState();
    const r = await connect(env.services, state, CREDS, {backend, retryDelayMs: 10, fixKafUri: true});
    if (!r.ok) {
        throw new Error('connect failed: ' + JSON.stringify(r.error));
    }
    return {conn: r.connection, plan: makePlan(r.connection.state, r.connection.kaf, ACK)};
}

/**
 * Collects progress updates.
 *
 * @returns the list and the listener
 */
export function progress(): {updates: StepUpdate[]; onProgress: (u: StepUpdate) => void} {
    const updates: StepUpdate[] = [];
    return {updates, onProgress: (u) => updates.push(u)};
}

/** The simulator's own read-out (GET /__sim/state over the wire), not anything the engine read. */
export interface SimReadout {
    modules: Record<string, Record<string, string>>;
    backup: unknown;
}

/**
 * Reads GET /__sim/state from the simulator over HTTPS.
 *
 * @param env the environment
 * @returns the read-out
 */
export async function simState(env: Env): Promise<SimReadout> {
    const {request} = await import('node:https');
    return new Promise((resolve, reject) => {
        const req = request(new URL('/__sim/state', env.kafUri), {ca: env.sim.caPem ?? undefined}, (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => {
                try {
                    resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as SimReadout);
                } catch (e) {
                    reject(e);
                }
            });
        });
        req.on('error', reject);
        req.end();
    });
}
