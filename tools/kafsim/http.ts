// What a route sees and returns: the parsed request (Ctx) and the response to write (Resp), with the page builders
// every route shares.

import type {IncomingMessage} from 'node:http';
import {esc, page} from './html.js';
import type {Session, SimState} from './state.js';

export interface Resp {
    status: number;
    headers: Record<string, string | string[]>;
    body: string;
}

export interface Ctx {
    req: IncomingMessage;
    method: string;
    path: string;
    full: string;
    query: URLSearchParams;
    form: Map<string, string>;
    session: Session | null;
    setCookie: string[];
}

/** A route: answers the request or, when the path is not its own, null. */
export type Route = (st: SimState, ctx: Ctx) => Resp | null;

/**
 * Parses a request body into name => value (PHP semantics: the last of repeated names wins).
 *
 * @param raw body bytes
 * @param type content-type header
 * @returns fields
 */
export function parseForm(raw: Buffer, type: string): Map<string, string> {
    const out = new Map<string, string>();
    const boundary = /multipart\/form-data;.*boundary="?([^";]+)"?/i.exec(type)?.[1];
    if (boundary) {
        const text = raw.toString('latin1');
        for (const part of text.split('--' + boundary)) {
            const split = part.indexOf('\r\n\r\n');
            if (split < 0) {
                continue;
            }
            const name = /name="([^"]*)"/.exec(part.slice(0, split))?.[1];
            if (name === undefined) {
                continue;
            }
            const value = part.slice(split + 4).replace(/\r\n$/, '');
            out.set(Buffer.from(name, 'latin1').toString('utf8'), Buffer.from(value, 'latin1').toString('utf8'));
        }
        return out;
    }
    if (/json/i.test(type)) {
        return out;
    }
    for (const [k, v] of new URLSearchParams(raw.toString('utf8'))) {
        out.set(k, v);
    }
    return out;
}

/**
 * An HTML response.
 *
 * @param st simulator state (partner and hostname for the header)
 * @param status HTTP status
 * @param title page title
 * @param body page body
 * @param loggedIn whether to show navigation and logout
 * @returns response
 */
export function html(st: SimState, status: number, title: string, body: string, loggedIn: boolean): Resp {
    return {
        status,
        headers: {'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store'},
        body: page({title, body, loggedIn, partnerId: st.config.partnerId, hostname: st.config.hostname}),
    };
}

/**
 * A redirect.
 *
 * @param location target
 * @returns response
 */
export function redirect(location: string): Resp {
    return {status: 302, headers: {'Location': location, 'Content-Type': 'text/html; charset=utf-8'},
        body: `<a href="${esc(location)}">Found</a>`};
}

/**
 * A plain error page.
 *
 * @param st simulator state
 * @param status HTTP status
 * @param message text
 * @returns response
 */
export function errorPage(st: SimState, status: number, message: string): Resp {
    return html(st, status, 'Error', `<h2>Error</h2>\n<div class="alert alert-danger" id="error-message">${esc(message)}</div>`,
        false);
}
