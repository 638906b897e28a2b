// The /__sim/* test API: read and merge state, reset, and manage faults. No login, latency, faults or log.

import {describeFault} from '../faults.js';
import type {Resp} from '../http.js';
import {addFaults, loadState, mergeValues, readout, reset, type SimState} from '../state.js';
import type {StartState} from '../types.js';

/**
 * A JSON response.
 *
 * @param status HTTP status
 * @param obj body
 * @returns response
 */
function json(status: number, obj: unknown): Resp {
    return {status, headers: {'Content-Type': 'application/json'}, body: JSON.stringify(obj, null, 2) + '\n'};
}

/**
 * The /__sim/* test API.
 *
 * @param st simulator state
 * @param method request method
 * @param path path
 * @param raw body
 * @returns response
 */
export function simRoute(st: SimState, method: string, path: string, raw: Buffer): Resp {
    try {
        if (path === '/__sim/state' && method === 'GET') {
            return json(200, readout(st));
        }
        if (path === '/__sim/state' && method === 'POST') {
            const s = loadState(JSON.parse(raw.toString('utf8') || '{}') as StartState);
            mergeValues(st, s.modules ?? {});
            return json(200, readout(st));
        }
        if (path === '/__sim/reset' && method === 'POST') {
            reset(st);
            return json(200, {ok: true});
        }
        if (path === '/__sim/faults' && method === 'GET') {
            return json(200, {faults: st.faults.map(describeFault)});
        }
        if (path === '/__sim/faults' && method === 'DELETE') {
            st.faults = [];
            return json(200, {faults: []});
        }
        if (path === '/__sim/faults' && method === 'POST') {
            return json(200, {faults: addFaults(st, JSON.parse(raw.toString('utf8') || '{}') as unknown)});
        }
        return json(404, {error: `unknown test endpoint ${method} ${path}`});
    } catch (e) {
        return json(400, {error: (e as Error).message});
    }
}
