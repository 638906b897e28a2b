// Logging in and out, and the login wall in front of every /admin page.

import {loginBody} from '../html.js';
import {html, redirect, type Ctx, type Resp} from '../http.js';
import {cookie, newSession} from '../session.js';
import {takeFault, type SimState} from '../state.js';

/**
 * GET /admin/logout, POST /admin/authenticate, and the login page for /admin/... without a live session.
 *
 * @param st simulator state
 * @param ctx request
 * @returns response, or null when the request may go on to the console (or is not under /admin)
 */
export function loginRoute(st: SimState, ctx: Ctx): Resp | null {
    const {path, method} = ctx;
    if (path === '/admin/logout') {
        if (ctx.session) {
            st.sessions.delete(ctx.session.id);
        }
        ctx.setCookie.push(cookie(st, 'deleted', true));
        return redirect('/admin');
    }
    if (path === '/admin/authenticate' && method === 'POST') {
        const refused = takeFault(st, 'login-refused', ctx);
        const u = ctx.form.get('Login[username]') ?? '';
        const pw = ctx.form.get('Login[password]') ?? '';
        let referrer = ctx.form.get('referrer') ?? '';
        if (!/^\/(?![/\\])/.test(referrer) || /^\/admin\/(authenticate|logout)/.test(referrer)) {
            referrer = '/admin/config';
        }
        if (refused || u !== st.config.user || pw !== st.config.password) {
            return html(st, 200, 'Login', loginBody(referrer, 'Invalid username or password.'), false);
        }
        ctx.setCookie.push(cookie(st, newSession(st)));
        return redirect(referrer);
    }
    if (path === '/admin' || path.startsWith('/admin/')) {
        if (!ctx.session) {
            const referrer = method === 'GET' && path !== '/admin/authenticate' ? ctx.full : '/admin/config';
            return html(st, 200, 'Login', loginBody(referrer, ''), false);
        }
        if (path === '/admin/authenticate') {
            return redirect('/admin/config');
        }
    }
    return null;
}
