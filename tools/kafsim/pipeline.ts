// One request's way through the simulator: body, the /__sim/* API, the request log, arrival faults, routing,
// latency, and the answer (or a reset connection, or none).

import type {IncomingMessage, ServerResponse} from 'node:http';
import type {Socket} from 'node:net';
import {matches, POINT_OF_USE, trigger, type Fault} from './faults.js';
import {parseForm, type Ctx, type Resp} from './http.js';
import {route} from './routes/index.js';
import {simRoute} from './routes/sim.js';
import {findSession} from './session.js';
import type {SimState} from './state.js';
import type {LogEntry} from './types.js';

/** Faults that replace the answer (the others add latency or act where the request is handled). */
const TERMINAL = ['status', 'rate-limit', 'reset', 'hang'];

/**
 * Writes a response after a delay.
 *
 * @param st simulator state (its timers)
 * @param res response
 * @param r what to send
 * @param delay milliseconds
 * @param done called once written
 */
function send(st: SimState, res: ServerResponse, r: Resp, delay: number, done: () => void): void {
    const write = (): void => {
        if (res.destroyed) {
            done();
            return;
        }
        res.writeHead(r.status, {...r.headers, 'Content-Length': Buffer.byteLength(r.body)});
        res.end(r.body);
        done();
    };
    if (delay > 0) {
        const t = setTimeout(() => {
            st.timers.delete(t);
            write();
        }, delay);
        st.timers.add(t);
    } else {
        write();
    }
}

/**
 * Resets the request's connection after a delay: a real TCP reset (RST), under TLS too.
 *
 * @param st simulator state (its timers)
 * @param req request
 * @param delay milliseconds
 */
function resetConnection(st: SimState, req: IncomingMessage, delay: number): void {
    const t = setTimeout(() => {
        st.timers.delete(t);
        // The TLS socket's own TCP socket is reset, not closed politely.
        const tcp = (req.socket as Socket & {_parent?: Socket})._parent ?? req.socket;
        if (typeof tcp.resetAndDestroy === 'function') {
            tcp.resetAndDestroy();
        } else {
            req.socket.destroy();
        }
    }, delay);
    st.timers.add(t);
}

/**
 * The answer a status or rate-limit fault gives instead of the real one.
 *
 * @param fault the fault
 * @returns response, or null for other kinds
 */
function faultResponse(fault: Fault | undefined): Resp | null {
    if (fault?.kind === 'status') {
        const st = fault.status ?? 500;
        return {status: st, headers: {'Content-Type': 'text/html; charset=utf-8'},
            body: `<!DOCTYPE html><html><head><title>${st} Error</title></head><body><h1>${st} Error</h1>`
                + '<p>The server encountered a temporary error (kafsim fault).</p></body></html>\n'};
    }
    if (fault?.kind === 'rate-limit') {
        return {status: 429, headers: {'Content-Type': 'text/html; charset=utf-8', 'Retry-After': String(fault.retryAfter ?? 1)},
            body: '<!DOCTYPE html><html><head><title>429 Too Many Requests</title></head><body><h1>Too Many Requests</h1>'
                + '</body></html>\n'};
    }
    return null;
}

/**
 * Handles one request: faults, routing, latency, logging.
 *
 * @param st simulator state
 * @param req request
 * @param res response
 * @param raw body
 */
export function handle(st: SimState, req: IncomingMessage, res: ServerResponse, raw: Buffer): void {
    const started = Date.now();
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname;
    if (path.startsWith('/__sim/')) {
        send(st, res, simRoute(st, method, path, raw), 0, () => undefined);
        return;
    }
    const n = ++st.requestCount;
    const full = path + url.search;
    const entry: LogEntry = {n, time: new Date(started).toISOString(), method, path, status: null, ms: 0};
    st.log.push(entry);
    if (st.log.length > 5000) {
        st.log.shift();
    }
    const firing = st.faults.filter((f) => !POINT_OF_USE.includes(f.kind) && matches(f, method, path, full) && trigger(f));
    const delay = st.config.latencyMs + firing.filter((f) => f.kind === 'latency').reduce((a, f) => a + (f.ms ?? 0), 0);
    if (firing.some((f) => f.kind === 'session-expire')) {
        st.sessions.clear();
    }
    const before = firing.find((f) => TERMINAL.includes(f.kind) && !f.afterApply);
    const after = firing.find((f) => TERMINAL.includes(f.kind) && f.afterApply);
    const faultNames = firing.map((f) => f.kind + (f.afterApply ? '(after-apply)' : '')).join(',');
    if (faultNames) {
        entry.fault = faultNames;
    }
    let r: Resp | null = null;
    if (!before) {
        const ctx: Ctx = {req, method, path, full, query: url.searchParams,
            form: method === 'POST' ? parseForm(raw, req.headers['content-type'] ?? '') : new Map(),
            session: null, setCookie: []};
        ctx.session = findSession(st, req);
        r = route(st, ctx);
        if (ctx.setCookie.length) {
            r.headers['Set-Cookie'] = ctx.setCookie;
        }
    }
    const fault = before ?? after;
    if (fault?.kind === 'reset') {
        entry.status = 0;
        entry.ms = Date.now() - started;
        resetConnection(st, req, delay);
        return;
    }
    if (fault?.kind === 'hang') {
        st.held.add(res);
        res.on('close', () => st.held.delete(res));
        return;
    }
    const resp = faultResponse(fault) ?? r as Resp;
    send(st, res, resp, delay, () => {
        entry.status = resp.status;
        entry.ms = Date.now() - started;
    });
}

/**
 * A request listener: reads the body (at most 10 MB) and handles the request.
 *
 * @param st simulator state
 * @returns listener for node:http(s) createServer
 */
export function requestListener(st: SimState): (req: IncomingMessage, res: ServerResponse) => void {
    return (req, res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        req.on('data', (c: Buffer) => {
            size += c.length;
            if (size > 10 * 1024 * 1024) {
                req.socket.destroy();
                return;
            }
            chunks.push(c);
        });
        req.on('end', () => {
            try {
                handle(st, req, res, Buffer.concat(chunks));
            } catch (e) {
                if (!res.headersSent) {
                    res.writeHead(500, {'Content-Type': 'text/plain'});
                }
                res.end('kafsim internal error: ' + (e as Error).message);
            }
        });
    };
}
