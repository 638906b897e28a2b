// Routing of the console's requests (not /__sim/*, see routes/sim.ts): each route answers its own paths, in order.

import {errorPage, type Ctx, type Resp, type Route} from '../http.js';
import type {SimState} from '../state.js';
import {adminRoute} from './admin.js';
import {loginRoute} from './login.js';
import {ltiRoute} from './lti.js';
import {publicRoute} from './public.js';

/** Login comes before the console: it turns away /admin requests without a live session. */
const ROUTES: Route[] = [publicRoute, ltiRoute, loginRoute, adminRoute];

/**
 * Routes a request (faults excepted).
 *
 * @param st simulator state
 * @param ctx request
 * @returns response
 */
export function route(st: SimState, ctx: Ctx): Resp {
    for (const r of ROUTES) {
        const resp = r(st, ctx);
        if (resp) {
            return resp;
        }
    }
    return errorPage(st, 404, `Page not found: ${ctx.path}`);
}
