// The shim's calls over core/ajax, and its errors. Kept apart from services.ts (which imports core/ajax itself)
// so that the engine and its tests never load core/ajax.

import type {Services, State} from '../services';

/** The error codes the shim documents; anything else is passed through as a string. */
export type KnownErrorCode = 'kafbadcredentials' | 'kafunreachable' | 'kaftlserror' | 'kafunexpectedpage' | 'kafuribad'
    | 'kafhostrefused' | 'kafnotloggedin' | 'kafpathrefused' | 'kafmethodrefused' | 'kaftimeout' | 'settingunknown'
    | 'settinginvalid' | 'runinprogress' | 'secretunknown' | 'tooltypeunknown' | 'tooltypefieldunknown' | 'tooltypeinvalid'
    | 'tooltypeclientidtaken';

/**
 * The brand of a ServiceError. The page and the engine are separate AMD modules, each with its own copy of this
 * class, so an error made by one is not `instanceof` the other's: it is recognised by this realm-wide symbol.
 */
const SERVICE_ERROR = Symbol.for('tool_kalturalti13/ServiceError');

/** A failed call: behaviour keys on errorcode only; message is the server's text for the admin. */
export class ServiceError extends Error {
    readonly errorcode: string;
    readonly [SERVICE_ERROR] = true;

    /**
     * Makes the error.
     *
     * @param errorcode the shim's error code
     * @param message the server's message
     */
    constructor(errorcode: string, message: string) {
        super(message);
        this.name = 'ServiceError';
        this.errorcode = errorcode;
    }
}

/**
 * Tells whether an error is a ServiceError with one of the given codes.
 *
 * @param e anything thrown
 * @param codes codes to match (none: any code)
 * @returns true when it matches
 */
export function isServiceError(e: unknown, ...codes: string[]): e is ServiceError {
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

/** The part of core/ajax used here. */
export interface AjaxLike {
    call(requests: Array<{methodname: string; args: Record<string, unknown>}>): Array<Promise<unknown>>;
}

/** State as it comes over the wire: Moodle 4.0/4.1 cannot return a null structure, so no run is an absent run. */
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
 * The Services over core/ajax: one external function per call, named tool_kalturalti13_<name>.
 *
 * @param ajax core/ajax
 * @returns the services
 */
export function makeAjaxServices(ajax: AjaxLike): Services {
    const call = async<T>(name: string, args: Record<string, unknown>): Promise<T> => {
        const [promise] = ajax.call([{methodname: 'tool_kalturalti13_' + name, args}]);
        try {
            return (await promise) as T;
        } catch (e) {
            throw toServiceError(e);
        }
    };
    return {
        getState: async() => normaliseState(await call<WireState>('get_state', {})),
        kafLogin: (username, password, kafuri) => call('kaf_login', kafuri ? {username, password, kafuri} : {username, password}),
        kafRequest: (method, path, fields) => call('kaf_request', {method, path, fields}),
        saveSettings: async(changes) => normaliseState(await call<WireState>('save_settings', {changes})),
        saveToolType: (typeid, changes) => call('save_tool_type', {typeid, changes}),
        runStart: (kind, plan) => call('run_start', {kind, plan}),
        runStep: (runid, name, status, timestarted, durationms, detail) =>
            call('run_step', {runid, name, status, timestarted, durationms, detail}),
        runSnapshot: (runid, snapshot) => call('run_snapshot', {runid, snapshot}),
        runGetSnapshot: (runid) => call('run_get_snapshot', {runid}),
        runFinish: (runid, status, detail, keythumbprint = '') =>
            call('run_finish', {runid, status, detail, ...(keythumbprint ? {keythumbprint} : {})}),
        runGet: (runid) => call('run_get', {runid}),
        ltiProbe: (thumbprint) => call('lti_probe', {thumbprint}),
    };
}
