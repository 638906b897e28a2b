// Console sessions: the PHPSESSID cookie, sliding expiry, and the anti-forgery tokens of the admin forms.

import {randomBytes} from 'node:crypto';
import type {IncomingMessage} from 'node:http';
import type {Ctx} from './http.js';
import type {Session, SimState} from './state.js';

export const SESSION_COOKIE = 'PHPSESSID';

/**
 * Finds the caller's session, dropping it when expired; refreshes its expiry.
 *
 * @param st simulator state
 * @param req request
 * @returns the session or null
 */
export function findSession(st: SimState, req: IncomingMessage): Session | null {
    const cookies = req.headers.cookie ?? '';
    const id = new RegExp('(?:^|;\\s*)' + SESSION_COOKIE + '=([^;]+)').exec(cookies)?.[1];
    if (!id) {
        return null;
    }
    const s = st.sessions.get(id);
    if (!s) {
        return null;
    }
    const now = Date.now();
    if (now - s.lastSeen > st.config.ttlMs) {
        st.sessions.delete(id);
        return null;
    }
    s.lastSeen = now;
    return s;
}

/**
 * Starts a new session.
 *
 * @param st simulator state
 * @returns its id
 */
export function newSession(st: SimState): string {
    const id = randomBytes(24).toString('hex');
    st.sessions.set(id, {id, lastSeen: Date.now(), csrf: randomBytes(16).toString('hex'), renderTokens: []});
    return id;
}

/**
 * A cookie header value.
 *
 * @param st simulator state
 * @param value cookie value
 * @param expire whether to delete the cookie
 * @returns Set-Cookie value
 */
export function cookie(st: SimState, value: string, expire = false): string {
    return `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Lax` + (st.config.tls ? '; Secure' : '')
        + (expire ? '; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT' : '');
}

/**
 * A token to put in a form rendered for this session (null when csrf is off).
 *
 * @param st simulator state
 * @param s session
 * @returns token
 */
export function formToken(st: SimState, s: Session): string | null {
    const mode = st.config.csrfMode;
    if (mode === 'off') {
        return null;
    }
    if (mode === 'render') {
        const t = randomBytes(16).toString('hex');
        s.renderTokens.push(t);
        if (s.renderTokens.length > 100) {
            s.renderTokens.shift();
        }
        return t;
    }
    return s.csrf;
}

/**
 * Checks the posted anti-forgery token (consuming it in per-render mode).
 *
 * @param st simulator state
 * @param ctx request
 * @returns true when valid or csrf is off
 */
export function csrfOk(st: SimState, ctx: Ctx): boolean {
    const mode = st.config.csrfMode;
    if (mode === 'off' || !ctx.session) {
        return true;
    }
    const t = ctx.form.get('csrf_token') ?? '';
    if (mode === 'session') {
        return t !== '' && t === ctx.session.csrf;
    }
    const i = ctx.session.renderTokens.indexOf(t);
    if (t === '' || i < 0) {
        return false;
    }
    ctx.session.renderTokens.splice(i, 1);
    return true;
}
