// The simulator's public types: its options, the /__sim/state read-out and the handle startKafSim() returns.

import type {describeFault} from './faults.js';
import type {AllValues, ModuleValues} from './modules.js';
import type {CertKind} from './tls.js';

export interface KafSimOptions {
    /** TCP port on 127.0.0.1; 0 (default) picks a free one. */
    port?: number;
    /** Milliseconds added to every response (not to /__sim/*). */
    latencyMs?: number;
    user?: string;
    password?: string;
    /** Serve HTTPS with a certificate signed by the test CA (tls.ts), made at start-up. */
    tls?: boolean;
    /** Directory for cert.pem / key.pem (default: a new temporary directory). */
    tlsDir?: string;
    /** The test CA's directory (default: KAFSIM_CA_DIR or ~/.cache/tool_kalturalti13/test-ca; made once). */
    tlsCaDir?: string;
    /** The server certificate presented at start (default good); setCertificate() changes it on a running server. */
    tlsCert?: CertKind;
    partnerId?: string;
    /** Start-up state: an object of the read-out's shape ({modules: {...}}) or a path to such a JSON file. */
    state?: StartState | string;
    /** Session lifetime in seconds, sliding (default 1800). Fractions allowed. */
    sessionTtl?: number;
    /** Anti-forgery token in every admin form: false (default), true/'session' (one per session), 'render' (one per form). */
    csrf?: boolean | 'session' | 'render';
    /** The LTI 1.3 fields: in the page but hidden (default), or rendered only after authMethod=lti1.3 was saved. */
    lti13Fields?: 'hidden' | 'after-save';
    /** Base URL KAF believes it has (for redirect_uri); default: scheme + Host header of the request. */
    publicUrl?: string;
}

export interface BackupSlot {
    time: string;
    shownDate: string;
    modules: AllValues;
}

export interface StartState {
    modules?: AllValues;
    backup?: BackupSlot | null;
}

export interface LogEntry {
    n: number;
    time: string;
    method: string;
    path: string;
    /** HTTP status; 0 = connection reset; null = held without answer. */
    status: number | null;
    ms: number;
    fault?: string;
}

export interface StateReadout {
    version: string;
    partnerId: string;
    hostname: string;
    options: {csrf: string; lti13Fields: string; sessionTtl: number; latencyMs: number; tls: boolean; user: string};
    modules: AllValues;
    backup: BackupSlot | null;
    configModified: string;
    sessions: number;
    faults: ReturnType<typeof describeFault>[];
    requests: number;
    log: LogEntry[];
}

export interface KafSim {
    url: string;
    port: number;
    /** Path of the server certificate (PEM) in TLS mode, else null. */
    certPath: string | null;
    certPem: string | null;
    /** The test CA that signs it (what a client trusts), in TLS mode, else null. */
    caPath: string | null;
    caPem: string | null;
    /** Presents another certificate from the next TLS handshake on (existing connections are closed). */
    setCertificate(kind: CertKind): void;
    close(): Promise<void>;
    /** The same read-out as GET /__sim/state. */
    state(): StateReadout;
    /** A copy of one module's values. */
    values(module: string): ModuleValues;
    /** Overwrites some values of a module (no form semantics). */
    setValues(module: string, values: ModuleValues): void;
    reset(): void;
    addFaults(specs: unknown): ReturnType<typeof describeFault>[];
    clearFaults(): void;
}
