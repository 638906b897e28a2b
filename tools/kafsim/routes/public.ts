// The pages anyone may open: GET /version and the front page.

import {esc} from '../html.js';
import {html, type Ctx, type Resp} from '../http.js';
import {KAFSIM_VERSION, type SimState} from '../state.js';

/**
 * /version and /.
 *
 * @param st simulator state
 * @param ctx request
 * @returns response, or null when the path is not one of these
 */
export function publicRoute(st: SimState, ctx: Ctx): Resp | null {
    const {partnerId, hostname} = st.config;
    if (ctx.path === '/version') {
        return {status: 200, headers: {'Content-Type': 'text/plain; charset=utf-8'},
            body: `${KAFSIM_VERSION}\nKaltura Application Framework (kafsim) for partner ${partnerId} at ${hostname}\n`};
    }
    if (ctx.path === '/' || ctx.path === '') {
        return html(st, 200, 'Kaltura Application Framework', `<h2>Kaltura Application Framework</h2>\n<p>${esc(hostname)}</p>`
            + '<p><a href="/admin">Configuration Management</a></p>', false);
    }
    return null;
}
