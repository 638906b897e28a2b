// The shim's calls over core/ajax, and its errors. Kept apart from services.ts (which imports core/ajax itself)
// so that the engine and its tests never load core/ajax.

import {SHIM_CODES, type Services, type ServiceErrorCode, type ShimErrorCode, type State} from './model';
import {Batcher, type AjaxLike} from './batch';

export type {AjaxLike} from './batch';

/**
 * Whether a wire code is one the shim documents.
 *
 * @param code the code
 * @returns true for a ShimErrorCode
 */
export function isShimCode(code: string): code is ShimErrorCode {
    return (SHIM_CODES as readonly string[]).includes(code);
}

/**
 * The brand of a ServiceError. The page and the engine are separate AMD modules, each with its own copy of this
 * class, so an error made by one is not `instanceof` the other's: it is recognised by this realm-wide symbol.
 */
const SERVICE_ERROR = Symbol.for('tool_kalturalti13/ServiceError');

/** A failed call: behaviour keys on errorcode only; message is the server's text for the admin. */
export class ServiceError extends Error {
    readonly errorcode: ServiceErrorCode;
    /** The code as the server sent it (differs from errorcode only when that is 'unknown'). */
    readonly rawcode: string;
    readonly [SERVICE_ERROR] = true;

    /**
     * Makes the error.
     *
     * @param code the server's error code
     * @param message the server's message
     */
    constructor(code: string, message: string) {
        super(message);
        this.name = 'ServiceError';
        this.errorcode = isShimCode(code) ? code : 'unknown';
        this.rawcode = code;
    }
}

/**
 * Tells whether an error is a ServiceError with one of the given codes.
 *
 * @param e anything thrown
 * @param codes codes to match (none: any code)
 * @returns true when it matches
 */
export function isServiceError(e: unknown, ...codes: ServiceErrorCode[]): e is ServiceError {
    return typeof e === 'object' && e !== null && (e as {[SERVICE_ERROR]?: unknown})[SERVICE_ERROR] === true
        && typeof (e as {errorcode?: unknown}).errorcode === 'string'
        && (codes.length === 0 || codes.includes((e as ServiceError).errorcode));
}

/**
 * Turns whatever core/ajax rejected with ({errorcode, message, ...}) into a ServiceError.
 *
 * @param e the rejection
 * @returns the error
 */
export function toServiceError(e: unknown): ServiceError {
    if (isServiceError(e)) {
        return e;
    }
    const o = (typeof e === 'object' && e !== null ? e : {}) as {errorcode?: unknown; message?: unknown};
    const code = typeof o.errorcode === 'string' && o.errorcode ? o.errorcode : 'unknown';
    const message = typeof o.message === 'string' ? o.message : String(e);
    return new ServiceError(code, message);
}

/** State as it comes over the wire: Moodle 4.2 cannot return a null structure (4.3 can), so no run is an absent run. */
export type WireState = Omit<State, 'run'> & {run?: State['run']};

/**
 * Makes an absent run an explicit null, so the rest of the code sees one shape.
 *
 * @param s state from the shim
 * @returns the state
 */
export function normaliseState(s: WireState): State {
    return {...s, run: s.run ?? null};
}

/**
 * The Services over core/ajax: one external function per call, named tool_kalturalti13_<name>. Journal writes
 * (run_step), the snapshot (run_snapshot) and the writes made through ahead() do not make round trips of their own:
 * they ride in the batch of the next call, ahead of it (see batch.ts).
 *
 * @param ajax core/ajax
 * @param lingerMs how long a rider waits for a call to ride with before it goes alone
 * @returns the services
 */
export function makeAjaxServices(ajax: AjaxLike, lingerMs?: number): Services {
    const batcher = new Batcher(ajax, toServiceError, lingerMs);
    const call = <T>(name: string, args: Record<string, unknown>): Promise<T> =>
        batcher.send<T>({methodname: 'tool_kalturalti13_' + name, args});
    const ride = <T>(name: string, args: Record<string, unknown>, kind: 'besteffort' | 'prerequisite', key?: string):
        Promise<T> => batcher.ride<T>({methodname: 'tool_kalturalti13_' + name, args}, kind, key);
    return {
        getState: async() => normaliseState(await call<WireState>('get_state', {})),
        kafLogin: (username, password, kafuri) => call('kaf_login', kafuri ? {username, password, kafuri} : {username, password}),
        kafRequest: (method, path, fields) => call('kaf_request', {method, path, fields}),
        saveSettings: async(changes) => normaliseState(await call<WireState>('save_settings', {changes})),
        saveToolType: (typeid, changes) => call('save_tool_type', {typeid, changes}),
        runStart: (kind, plan) => call('run_start', {kind, plan}),
        runStep: (runid, name, status, timestarted, durationms, detail) =>
            // The server keeps one row per run and step: a newer state of a waiting step replaces the older one.
            ride('run_step', {runid, name, status, timestarted, durationms, detail}, 'besteffort', `step:${runid}:${name}`),
        runSnapshot: (runid, snapshot) => ride('run_snapshot', {runid, snapshot}, 'prerequisite'),
        runGetSnapshot: (runid) => call('run_get_snapshot', {runid}),
        runFinish: (runid, status, detail, keythumbprint = '') =>
            call('run_finish', {runid, status, detail, ...(keythumbprint ? {keythumbprint} : {})}),
        runGet: (runid) => call('run_get', {runid}),
        ltiProbe: (thumbprint, part = 'both') => call('lti_probe', part === 'both' ? {thumbprint} : {thumbprint, part}),
        ahead: () => ({
            getState: async() => normaliseState(await ride<WireState>('get_state', {}, 'besteffort')),
            saveSettings: async(changes) => normaliseState(await ride<WireState>('save_settings', {changes}, 'prerequisite')),
            saveToolType: (typeid, changes) => ride('save_tool_type', {typeid, changes}, 'prerequisite'),
            runStart: (kind, plan) => ride('run_start', {kind, plan}, 'prerequisite'),
        }),
    };
}
