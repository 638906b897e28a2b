// The simulator's state: its fixed configuration (from the options) and what requests change (module values, backup
// slot, sessions, faults, log). One SimState per simulator, passed explicitly to every route; reset() brings it back
// to the start-up state.

import {readFileSync} from 'node:fs';
import type {ServerResponse} from 'node:http';
import {describeFault, makeFault, matches, trigger, type Fault, type FaultKind} from './faults.js';
import {defaultValues, moduleDefs, type AllValues, type ModuleDef} from './modules.js';
import type {BackupSlot, KafSimOptions, LogEntry, StartState, StateReadout} from './types.js';

export const KAFSIM_VERSION = '5.165.7';

export interface Session {
    id: string;
    lastSeen: number;
    csrf: string;
    renderTokens: string[];
}

/** What the options fix at start-up; never changed by a request or a reset. */
export interface SimConfig {
    partnerId: string;
    hostname: string;
    user: string;
    password: string;
    ttlMs: number;
    latencyMs: number;
    csrfMode: 'off' | 'session' | 'render';
    lti13Mode: 'hidden' | 'after-save';
    /** Whether the simulator serves HTTPS (the cookie gets Secure). */
    tls: boolean;
    scheme: 'http' | 'https';
    publicUrl: string | undefined;
    defs: Map<string, ModuleDef>;
    startValues: AllValues;
    startBackup: BackupSlot | null;
    startedAt: Date;
}

export interface SimState {
    readonly config: SimConfig;
    values: AllValues;
    backup: BackupSlot | null;
    configModified: Date;
    sessions: Map<string, Session>;
    faults: Fault[];
    /** Numbers the default fault ids (f1, f2, ...); a reset does not restart it. */
    faultSeq: number;
    log: LogEntry[];
    requestCount: number;
    /** Responses held by a hang fault, and pending latency timers: ended by close(), not by a reset. */
    readonly held: Set<ServerResponse>;
    readonly timers: Set<NodeJS.Timeout>;
}

/**
 * GMT date as KAF prints it: YYYY-MM-DD HH:MM:SS GMT.
 *
 * @param d date
 * @returns text
 */
export function gmt(d: Date): string {
    return d.toISOString().replace('T', ' ').slice(0, 19) + ' GMT';
}

/**
 * Deep copy of module values.
 *
 * @param v values
 * @returns copy
 */
export function copyValues(v: AllValues): AllValues {
    return JSON.parse(JSON.stringify(v)) as AllValues;
}

/**
 * A copy of a backup slot.
 *
 * @param b slot or null
 * @returns copy
 */
function copyBackup(b: BackupSlot | null): BackupSlot | null {
    return b ? {...b, modules: copyValues(b.modules)} : null;
}

/**
 * Loads a start-up state.
 *
 * @param state object or JSON file path
 * @returns the state
 */
export function loadState(state: StartState | string | undefined): StartState {
    if (state === undefined) {
        return {};
    }
    const obj = typeof state === 'string' ? JSON.parse(readFileSync(state, 'utf8')) as unknown : state;
    if (typeof obj !== 'object' || obj === null) {
        throw new Error('kafsim state must be a JSON object');
    }
    const s = obj as StartState & Record<string, unknown>;
    if (s.modules === undefined && s.backup === undefined) {
        // A bare {module: {field: value}} object.
        return {modules: s as unknown as AllValues};
    }
    return s;
}

/**
 * The configuration and start-up state from the options.
 *
 * @param options simulator options
 * @returns a fresh state
 */
export function createState(options: KafSimOptions): SimState {
    const partnerId = options.partnerId ?? '12345';
    const lti13Mode = options.lti13Fields ?? 'hidden';
    if (!['hidden', 'after-save'].includes(lti13Mode)) {
        throw new Error('lti13Fields must be "hidden" or "after-save"');
    }
    const defs = moduleDefs(partnerId);
    const start = loadState(options.state);
    const startValues = defaultValues(defs);
    for (const [m, vals] of Object.entries(start.modules ?? {})) {
        startValues[m] = {...(startValues[m] ?? {}), ...vals};
    }
    const config: SimConfig = {
        partnerId,
        hostname: `${partnerId}.kaf.kaltura.com`,
        user: options.user ?? 'admin@example.com',
        password: options.password ?? 'kafsim-admin',
        ttlMs: (options.sessionTtl ?? 1800) * 1000,
        latencyMs: options.latencyMs ?? 0,
        csrfMode: options.csrf === true ? 'session' : (options.csrf || 'off'),
        lti13Mode,
        tls: !!options.tls,
        scheme: options.tls ? 'https' : 'http',
        publicUrl: options.publicUrl,
        defs,
        startValues,
        startBackup: copyBackup(start.backup ?? null),
        startedAt: new Date(),
    };
    const st: SimState = {config, values: {}, backup: null, configModified: config.startedAt, sessions: new Map(),
        faults: [], faultSeq: 0, log: [], requestCount: 0, held: new Set(), timers: new Set()};
    reset(st);
    return st;
}

/**
 * Back to the start-up state: values, backup, sessions, faults, log.
 *
 * @param st simulator state
 */
export function reset(st: SimState): void {
    st.values = copyValues(st.config.startValues);
    st.backup = copyBackup(st.config.startBackup);
    st.configModified = st.config.startedAt;
    st.sessions = new Map();
    st.faults = [];
    st.log = [];
    st.requestCount = 0;
}

/**
 * The read-out (GET /__sim/state, sim.state()).
 *
 * @param st simulator state
 * @returns a copy
 */
export function readout(st: SimState): StateReadout {
    const c = st.config;
    return {
        version: KAFSIM_VERSION,
        partnerId: c.partnerId,
        hostname: c.hostname,
        options: {csrf: c.csrfMode, lti13Fields: c.lti13Mode, sessionTtl: c.ttlMs / 1000, latencyMs: c.latencyMs, tls: c.tls,
            user: c.user},
        modules: copyValues(st.values),
        backup: copyBackup(st.backup),
        configModified: st.configModified.toISOString(),
        sessions: st.sessions.size,
        faults: st.faults.map(describeFault),
        requests: st.requestCount,
        log: st.log.map((e) => ({...e})),
    };
}

/**
 * Merges values into modules (no form semantics).
 *
 * @param st simulator state
 * @param modules module => field => value
 */
export function mergeValues(st: SimState, modules: AllValues): void {
    for (const [m, vals] of Object.entries(modules)) {
        st.values[m] = {...(st.values[m] ?? {}), ...vals};
    }
}

/**
 * Adds faults from a posted body.
 *
 * @param st simulator state
 * @param body fault, list of faults, or {faults, replace, clear}
 * @returns the active faults
 */
export function addFaults(st: SimState, body: unknown): ReturnType<typeof describeFault>[] {
    let list: unknown[] = [];
    if (Array.isArray(body)) {
        list = body;
    } else if (typeof body === 'object' && body !== null) {
        const b = body as {faults?: unknown; replace?: boolean; clear?: boolean | string[]; kind?: unknown};
        if (b.clear === true) {
            st.faults = [];
        } else if (Array.isArray(b.clear)) {
            const ids = b.clear;
            st.faults = st.faults.filter((f) => !ids.includes(f.id));
        }
        if (b.replace) {
            st.faults = [];
        }
        if (b.kind !== undefined) {
            list = [b];
        } else if (Array.isArray(b.faults)) {
            list = b.faults;
        } else if (b.faults !== undefined) {
            list = [b.faults];
        }
    } else {
        throw new Error('body must be a JSON object or array');
    }
    const made = list.map((s) => makeFault(s, ++st.faultSeq));
    st.faults.push(...made);
    return st.faults.map(describeFault);
}

/**
 * Consumes a point-of-use fault of a kind, if one matches and is due.
 *
 * @param st simulator state
 * @param kind fault kind
 * @param req the request's method, path and path with query
 * @param req.method request method
 * @param req.path path
 * @param req.full path and query
 * @param module module name for form faults
 * @returns the fault that fires, or null
 */
export function takeFault(st: SimState, kind: FaultKind, req: {method: string; path: string; full: string},
    module?: string): Fault | null {
    for (const f of st.faults) {
        if (f.kind !== kind || !matches(f, req.method, req.path, req.full)) {
            continue;
        }
        if (module !== undefined && f.module !== undefined && f.module.toLowerCase() !== module) {
            continue;
        }
        if (trigger(f)) {
            return f;
        }
    }
    return null;
}
