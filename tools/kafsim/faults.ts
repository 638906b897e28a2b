// Fault injection: what can go wrong, where, and how often.

export type FaultKind =
    | 'latency' // Add `ms` to the response.
    | 'status' // Answer `status` (500, 502, 503, ...) instead of the real response.
    | 'rate-limit' // Answer 429 with Retry-After: `retryAfter`.
    | 'reset' // Destroy the socket.
    | 'hang' // Never answer (until the client gives up or the server closes).
    | 'session-expire' // Every session expires just before the matching request is handled.
    | 'login-refused' // Correct credentials are rejected at POST /admin/authenticate.
    | 'form-missing-field' // The module form is rendered without `field`.
    | 'form-extra-field' // The module form is rendered with an extra text input `field` = `value`.
    | 'form-save-label' // The module form's Save button is labelled `label`.
    | 'backup-fail'; // Saving a backup reports failure (the slot is unchanged).

export const FAULT_KINDS: FaultKind[] = ['latency', 'status', 'rate-limit', 'reset', 'hang', 'session-expire', 'login-refused',
    'form-missing-field', 'form-extra-field', 'form-save-label', 'backup-fail'];

/** What a test posts to /__sim/faults (one of these, or a list). */
export interface FaultSpec {
    kind: FaultKind;
    id?: string;
    /** Request filters: exact path, path prefix, regex on the path (with query); method. All optional. */
    path?: string;
    pathPrefix?: string;
    pathRegex?: string;
    method?: string;
    /** Fire first on the nth matching request from now (1 = the next one). Default 1. */
    nth?: number;
    /** Alias for session-expire: let N requests through, expire on the next one (nth = N + 1). */
    afterRequests?: number;
    /** How many times it fires (consecutive matching requests from nth on). Default 1; 'always' = unlimited. */
    count?: number | 'always';
    /** For status / reset / hang: apply the request first, then fail the response. */
    afterApply?: boolean;
    ms?: number;
    status?: number;
    retryAfter?: number;
    field?: string;
    value?: string;
    label?: string;
    /** For form faults: only this module (lower case). */
    module?: string;
}

export interface Fault extends FaultSpec {
    id: string;
    seen: number;
    fired: number;
    remaining: number | 'always';
    regex: RegExp | null;
}

/** Behaviour faults are consumed where they act; the rest are matched when the request arrives. */
export const POINT_OF_USE: FaultKind[] = ['login-refused', 'form-missing-field', 'form-extra-field', 'form-save-label',
    'backup-fail'];

/**
 * Validates a posted fault and turns it into a live one.
 *
 * @param spec posted JSON
 * @param seq sequence number for a default id
 * @returns the fault
 */
export function makeFault(spec: unknown, seq: number): Fault {
    if (typeof spec !== 'object' || spec === null) {
        throw new Error('a fault must be an object');
    }
    const s = spec as FaultSpec;
    if (!FAULT_KINDS.includes(s.kind)) {
        throw new Error(`unknown fault kind "${String(s.kind)}"; known: ${FAULT_KINDS.join(', ')}`);
    }
    if (s.kind === 'status' && (typeof s.status !== 'number' || s.status < 400 || s.status > 599)) {
        throw new Error('fault "status" needs a numeric status 400-599');
    }
    if (s.kind === 'latency' && (typeof s.ms !== 'number' || s.ms < 0)) {
        throw new Error('fault "latency" needs ms >= 0');
    }
    if (s.afterApply && !['status', 'rate-limit', 'reset', 'hang'].includes(s.kind)) {
        throw new Error('afterApply applies to status, rate-limit, reset and hang only');
    }
    let nth = s.nth ?? 1;
    if (s.afterRequests !== undefined) {
        nth = s.afterRequests + 1;
    }
    if (!Number.isInteger(nth) || nth < 1) {
        throw new Error('nth must be an integer >= 1');
    }
    const count = s.count ?? 1;
    if (count !== 'always' && (!Number.isInteger(count) || count < 1)) {
        throw new Error('count must be an integer >= 1 or "always"');
    }
    let regex: RegExp | null = null;
    if (s.pathRegex !== undefined) {
        try {
            regex = new RegExp(s.pathRegex);
        } catch (e) {
            throw new Error(`bad pathRegex: ${(e as Error).message}`);
        }
    }
    return {...s, id: s.id ?? `f${seq}`, nth, count, seen: 0, fired: 0, remaining: count, regex};
}

/**
 * Whether a fault's filters match a request.
 *
 * @param f fault
 * @param method request method
 * @param path path without query
 * @param full path with query
 * @returns match
 */
export function matches(f: Fault, method: string, path: string, full: string): boolean {
    if (f.method && f.method.toUpperCase() !== method) {
        return false;
    }
    if (f.path !== undefined && f.path !== path) {
        return false;
    }
    if (f.pathPrefix !== undefined && !path.startsWith(f.pathPrefix)) {
        return false;
    }
    if (f.regex && !f.regex.test(full)) {
        return false;
    }
    return true;
}

/**
 * Counts a matching request against a fault and says whether it fires now.
 *
 * @param f fault (mutated: seen, fired, remaining)
 * @returns true when it fires
 */
export function trigger(f: Fault): boolean {
    if (f.remaining !== 'always' && f.remaining <= 0) {
        return false;
    }
    f.seen++;
    if (f.seen < (f.nth ?? 1)) {
        return false;
    }
    f.fired++;
    if (f.remaining !== 'always') {
        f.remaining--;
    }
    return true;
}

/**
 * The public view of a fault (no compiled regex).
 *
 * @param f fault
 * @returns plain object
 */
export function describeFault(f: Fault): Omit<Fault, 'regex'> {
    const copy: Partial<Fault> = {...f};
    delete copy.regex;
    return copy as Omit<Fault, 'regex'>;
}
