// The KAF simulator: a stand-in for Kaltura's closed KAF admin console, served with node:http(s) on 127.0.0.1.
// This file wires the parts: state.ts (the state), pipeline.ts (one request's way), routes/* (the pages), tls.ts.

import {createServer as createHttpServer, type Server} from 'node:http';
import {createServer as createHttpsServer, type Server as HttpsServer} from 'node:https';
import type {AddressInfo, Socket} from 'node:net';
import type {ModuleValues} from './modules.js';
import {requestListener} from './pipeline.js';
import {addFaults, createState, mergeValues, readout, reset} from './state.js';
import {serverCert, testCa, type CertKind} from './tls.js';
import type {KafSim, KafSimOptions} from './types.js';

export {parseForm} from './http.js';
export {jwksFromPem} from './routes/lti.js';
export {SESSION_COOKIE} from './session.js';
export {gmt, KAFSIM_VERSION} from './state.js';
export type {KafSim, KafSimOptions, LogEntry, StartState, StateReadout} from './types.js';

/**
 * Starts the simulator.
 *
 * @param options see KafSimOptions
 * @returns the running simulator
 */
export async function startKafSim(options: KafSimOptions = {}): Promise<KafSim> {
    const st = createState(options);
    const ca = options.tls ? testCa(options.tlsCaDir) : null;
    const tls = ca ? serverCert(ca, options.tlsCert ?? 'good', options.tlsDir) : null;
    const onRequest = requestListener(st);
    const server: Server = tls
        ? createHttpsServer({cert: tls.certPem, key: tls.keyPem}, onRequest)
        : createHttpServer(onRequest);
    const sockets = new Set<Socket>();
    const track = (s: Socket): void => {
        sockets.add(s);
        s.on('close', () => sockets.delete(s));
    };
    server.on('connection', track);
    server.on('secureConnection', track);
    await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(options.port ?? 0, '127.0.0.1', () => {
            server.off('error', reject);
            resolve();
        });
    });
    const port = (server.address() as AddressInfo).port;
    let closing: Promise<void> | null = null;

    return {
        url: `${st.config.scheme}://127.0.0.1:${port}`,
        port,
        certPath: tls?.certPath ?? null,
        certPem: tls?.certPem ?? null,
        caPath: ca?.certPath ?? null,
        caPem: ca?.certPem ?? null,
        setCertificate(kind: CertKind): void {
            if (!ca || !('setSecureContext' in server)) {
                throw new Error('setCertificate needs a TLS simulator');
            }
            const c = serverCert(ca, kind);
            (server as HttpsServer).setSecureContext({cert: c.certPem, key: c.keyPem});
            // Keep-alive connections would go on with the old certificate.
            for (const s of sockets) {
                s.destroy();
            }
        },
        close(): Promise<void> {
            if (!closing) {
                closing = new Promise<void>((resolve) => {
                    for (const t of st.timers) {
                        clearTimeout(t);
                    }
                    st.timers.clear();
                    server.close(() => resolve());
                    for (const r of st.held) {
                        r.destroy();
                    }
                    for (const s of sockets) {
                        s.destroy();
                    }
                    server.closeAllConnections();
                });
            }
            return closing;
        },
        state: () => readout(st),
        values(module: string): ModuleValues {
            return {...(st.values[module] ?? {})};
        },
        setValues(module: string, vals: ModuleValues): void {
            mergeValues(st, {[module]: vals});
        },
        reset: () => reset(st),
        addFaults: (specs: unknown) => addFaults(st, specs),
        clearFaults(): void {
            st.faults = [];
        },
    };
}
