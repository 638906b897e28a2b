// The KAF simulator: a stand-in for Kaltura's closed KAF admin console, served with node:http(s) on 127.0.0.1.

import {createHash, createPublicKey, randomBytes} from 'node:crypto';
import {readFileSync} from 'node:fs';
import {createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http';
import {createServer as createHttpsServer} from 'node:https';
import type {AddressInfo, Socket} from 'node:net';
import {describeFault, makeFault, matches, POINT_OF_USE, trigger, type Fault, type FaultKind} from './faults.js';
import {esc, loginBody, moduleFormBody, page, postButton} from './html.js';
import {defaultValues, moduleDefs, resetValue, type AllValues, type FieldDef, type ModuleDef,
    type ModuleValues} from './modules.js';
import {serverCert, testCa, type CertKind} from './tls.js';

export const KAFSIM_VERSION = '5.165.7';
export const SESSION_COOKIE = 'PHPSESSID';

export interface KafSimOptions {
    /** TCP port on 127.0.0.1; 0 (default) picks a free one. */
    port?: number;
    /** Milliseconds added to every response (not to /__sim/*). */
    latencyMs?: number;
    user?: string;
    password?: string;
    /** Serve HTTPS with a certificate signed by the test CA (tls.ts), made at start-up. */
    tls?: boolean;
    /** Directory for cert.pem / key.pem (default: a new temporary directory). */
    tlsDir?: string;
    /** The test CA's directory (default: KAFSIM_CA_DIR or ~/.cache/tool_kalturalti13/test-ca; made once). */
    tlsCaDir?: string;
    /** The server certificate presented at start (default good); setCertificate() changes it on a running server. */
    tlsCert?: CertKind;
    partnerId?: string;
    /** Start-up state: an object of the read-out's shape ({modules: {...}}) or a path to such a JSON file. */
    state?: StartState | string;
    /** Session lifetime in seconds, sliding (default 1800). Fractions allowed. */
    sessionTtl?: number;
    /** Anti-forgery token in every admin form: false (default), true/'session' (one per session), 'render' (one per form). */
    csrf?: boolean | 'session' | 'render';
    /** The LTI 1.3 fields: in the page but hidden (default), or rendered only after authMethod=lti1.3 was saved. */
    lti13Fields?: 'hidden' | 'after-save';
    /** Base URL KAF believes it has (for redirect_uri); default: scheme + Host header of the request. */
    publicUrl?: string;
}

export interface StartState {
    modules?: AllValues;
    backup?: {time: string; shownDate: string; modules: AllValues} | null;
}

export interface LogEntry {
    n: number;
    time: string;
    method: string;
    path: string;
    /** HTTP status; 0 = connection reset; null = held without answer. */
    status: number | null;
    ms: number;
    fault?: string;
}

export interface StateReadout {
    version: string;
    partnerId: string;
    hostname: string;
    options: {csrf: string; lti13Fields: string; sessionTtl: number; latencyMs: number; tls: boolean; user: string};
    modules: AllValues;
    backup: {time: string; shownDate: string; modules: AllValues} | null;
    configModified: string;
    sessions: number;
    faults: ReturnType<typeof describeFault>[];
    requests: number;
    log: LogEntry[];
}

export interface KafSim {
    url: string;
    port: number;
    /** Path of the server certificate (PEM) in TLS mode, else null. */
    certPath: string | null;
    certPem: string | null;
    /** The test CA that signs it (what a client trusts), in TLS mode, else null. */
    caPath: string | null;
    caPem: string | null;
    /** Presents another certificate from the next TLS handshake on (existing connections are closed). */
    setCertificate(kind: CertKind): void;
    close(): Promise<void>;
    /** The same read-out as GET /__sim/state. */
    state(): StateReadout;
    /** A copy of one module's values. */
    values(module: string): ModuleValues;
    /** Overwrites some values of a module (no form semantics). */
    setValues(module: string, values: ModuleValues): void;
    reset(): void;
    addFaults(specs: unknown): ReturnType<typeof describeFault>[];
    clearFaults(): void;
}

interface Session {
    id: string;
    lastSeen: number;
    csrf: string;
    renderTokens: string[];
}

interface Resp {
    status: number;
    headers: Record<string, string | string[]>;
    body: string;
}

interface Ctx {
    req: IncomingMessage;
    method: string;
    path: string;
    full: string;
    query: URLSearchParams;
    form: Map<string, string>;
    session: Session | null;
    setCookie: string[];
}

/**
 * GMT date as KAF prints it: YYYY-MM-DD HH:MM:SS GMT.
 *
 * @param d date
 * @returns text
 */
export function gmt(d: Date): string {
    return d.toISOString().replace('T', ' ').slice(0, 19) + ' GMT';
}

/**
 * Deep copy of module values.
 *
 * @param v values
 * @returns copy
 */
function copyValues(v: AllValues): AllValues {
    return JSON.parse(JSON.stringify(v)) as AllValues;
}

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
 * The tool JWKS built from a PEM public key; no key when missing or not a valid RSA public key.
 *
 * @param pem lti13ServicePublicKey
 * @returns JWKS
 */
export function jwksFromPem(pem: string): {keys: Record<string, string>[]} {
    if (!pem.trim() || /PRIVATE KEY/.test(pem)) {
        return {keys: []};
    }
    try {
        const key = createPublicKey(pem);
        if (key.asymmetricKeyType !== 'rsa') {
            return {keys: []};
        }
        const jwk = key.export({format: 'jwk'}) as {n?: string; e?: string};
        if (!jwk.n || !jwk.e) {
            return {keys: []};
        }
        // RFC 7638 thumbprint: SHA-256 of the required members in lexicographic order.
        const kid = createHash('sha256').update(JSON.stringify({e: jwk.e, kty: 'RSA', n: jwk.n})).digest('base64url');
        return {keys: [{kty: 'RSA', alg: 'RS256', use: 'sig', kid, n: jwk.n, e: jwk.e}]};
    } catch {
        return {keys: []};
    }
}

/**
 * Loads a start-up state.
 *
 * @param state object or JSON file path
 * @returns the state
 */
function loadState(state: StartState | string | undefined): StartState {
    if (state === undefined) {
        return {};
    }
    const obj = typeof state === 'string' ? JSON.parse(readFileSync(state, 'utf8')) as unknown : state;
    if (typeof obj !== 'object' || obj === null) {
        throw new Error('kafsim state must be a JSON object');
    }
    const s = obj as StartState & Record<string, unknown>;
    if (s.modules === undefined && s.backup === undefined) {
        // A bare {module: {field: value}} object.
        return {modules: s as unknown as AllValues};
    }
    return s;
}

/**
 * Starts the simulator.
 *
 * @param options see KafSimOptions
 * @returns the running simulator
 */
export async function startKafSim(options: KafSimOptions = {}): Promise<KafSim> {
    const partnerId = options.partnerId ?? '12345';
    const hostname = `${partnerId}.kaf.kaltura.com`;
    const user = options.user ?? 'admin@example.com';
    const password = options.password ?? 'kafsim-admin';
    const ttlMs = (options.sessionTtl ?? 1800) * 1000;
    const latencyMs = options.latencyMs ?? 0;
    const csrfMode = options.csrf === true ? 'session' : (options.csrf || 'off');
    const lti13Mode = options.lti13Fields ?? 'hidden';
    if (!['hidden', 'after-save'].includes(lti13Mode)) {
        throw new Error('lti13Fields must be "hidden" or "after-save"');
    }
    const defs = moduleDefs(partnerId);
    const start = loadState(options.state);
    const startValues = defaultValues(defs);
    for (const [m, vals] of Object.entries(start.modules ?? {})) {
        startValues[m] = {...(startValues[m] ?? {}), ...vals};
    }
    const startBackup = start.backup ? {...start.backup, modules: copyValues(start.backup.modules)} : null;
    const startedAt = new Date();

    let values = copyValues(startValues);
    let backup = startBackup ? {...startBackup, modules: copyValues(startBackup.modules)} : null;
    let configModified = startedAt;
    let sessions = new Map<string, Session>();
    let faults: Fault[] = [];
    let faultSeq = 0;
    let log: LogEntry[] = [];
    let requestCount = 0;
    const held = new Set<ServerResponse>();
    const timers = new Set<NodeJS.Timeout>();

    const ca = options.tls ? testCa(options.tlsCaDir) : null;
    const tls = ca ? serverCert(ca, options.tlsCert ?? 'good', options.tlsDir) : null;
    const scheme = tls ? 'https' : 'http';

    /**
     * The read-out.
     *
     * @returns state
     */
    function readout(): StateReadout {
        return {
            version: KAFSIM_VERSION,
            partnerId,
            hostname,
            options: {csrf: csrfMode, lti13Fields: lti13Mode, sessionTtl: ttlMs / 1000, latencyMs, tls: !!tls, user},
            modules: copyValues(values),
            backup: backup ? {...backup, modules: copyValues(backup.modules)} : null,
            configModified: configModified.toISOString(),
            sessions: sessions.size,
            faults: faults.map(describeFault),
            requests: requestCount,
            log: log.map((e) => ({...e})),
        };
    }

    /** Back to the start-up state: values, backup, sessions, faults, log. */
    function reset(): void {
        values = copyValues(startValues);
        backup = startBackup ? {...startBackup, modules: copyValues(startBackup.modules)} : null;
        configModified = startedAt;
        sessions = new Map();
        faults = [];
        log = [];
        requestCount = 0;
    }

    /**
     * Adds faults from a posted body.
     *
     * @param body fault, list of faults, or {faults, replace, clear}
     * @returns the active faults
     */
    function addFaults(body: unknown): ReturnType<typeof describeFault>[] {
        let list: unknown[] = [];
        if (Array.isArray(body)) {
            list = body;
        } else if (typeof body === 'object' && body !== null) {
            const b = body as {faults?: unknown; replace?: boolean; clear?: boolean | string[]; kind?: unknown};
            if (b.clear === true) {
                faults = [];
            } else if (Array.isArray(b.clear)) {
                const ids = b.clear;
                faults = faults.filter((f) => !ids.includes(f.id));
            }
            if (b.replace) {
                faults = [];
            }
            if (b.kind !== undefined) {
                list = [b];
            } else if (Array.isArray(b.faults)) {
                list = b.faults;
            } else if (b.faults !== undefined) {
                list = [b.faults];
            }
        } else {
            throw new Error('body must be a JSON object or array');
        }
        const made = list.map((s) => makeFault(s, ++faultSeq));
        faults.push(...made);
        return faults.map(describeFault);
    }

    /**
     * Consumes a point-of-use fault of a kind, if one matches and is due.
     *
     * @param kind fault kind
     * @param ctx request
     * @param module module name for form faults
     * @returns the fault that fires, or null
     */
    function takeFault(kind: FaultKind, ctx: Ctx, module?: string): Fault | null {
        for (const f of faults) {
            if (f.kind !== kind || !matches(f, ctx.method, ctx.path, ctx.full)) {
                continue;
            }
            if (module !== undefined && f.module !== undefined && f.module.toLowerCase() !== module) {
                continue;
            }
            if (trigger(f)) {
                return f;
            }
        }
        return null;
    }

    /**
     * Finds the caller's session, dropping it when expired; refreshes its expiry.
     *
     * @param req request
     * @returns the session or null
     */
    function findSession(req: IncomingMessage): Session | null {
        const cookies = req.headers.cookie ?? '';
        const id = new RegExp('(?:^|;\\s*)' + SESSION_COOKIE + '=([^;]+)').exec(cookies)?.[1];
        if (!id) {
            return null;
        }
        const s = sessions.get(id);
        if (!s) {
            return null;
        }
        const now = Date.now();
        if (now - s.lastSeen > ttlMs) {
            sessions.delete(id);
            return null;
        }
        s.lastSeen = now;
        return s;
    }

    /**
     * A cookie header value.
     *
     * @param value cookie value
     * @param expire whether to delete the cookie
     * @returns Set-Cookie value
     */
    function cookie(value: string, expire = false): string {
        return `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Lax` + (tls ? '; Secure' : '')
            + (expire ? '; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT' : '');
    }

    /**
     * An HTML response.
     *
     * @param status HTTP status
     * @param title page title
     * @param body page body
     * @param loggedIn whether to show navigation and logout
     * @returns response
     */
    function html(status: number, title: string, body: string, loggedIn: boolean): Resp {
        return {
            status,
            headers: {'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store'},
            body: page({title, body, loggedIn, partnerId, hostname}),
        };
    }

    /**
     * A redirect.
     *
     * @param location target
     * @returns response
     */
    function redirect(location: string): Resp {
        return {status: 302, headers: {'Location': location, 'Content-Type': 'text/html; charset=utf-8'},
            body: `<a href="${esc(location)}">Found</a>`};
    }

    /**
     * A token to put in a form rendered for this session (null when csrf is off).
     *
     * @param s session
     * @returns token
     */
    function formToken(s: Session): string | null {
        if (csrfMode === 'off') {
            return null;
        }
        if (csrfMode === 'render') {
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
     * @param ctx request
     * @returns true when valid or csrf is off
     */
    function csrfOk(ctx: Ctx): boolean {
        if (csrfMode === 'off' || !ctx.session) {
            return true;
        }
        const t = ctx.form.get('csrf_token') ?? '';
        if (csrfMode === 'session') {
            return t !== '' && t === ctx.session.csrf;
        }
        const i = ctx.session.renderTokens.indexOf(t);
        if (t === '' || i < 0) {
            return false;
        }
        ctx.session.renderTokens.splice(i, 1);
        return true;
    }

    /**
     * The fields of a module that are in its form right now.
     *
     * @param def module
     * @returns fields
     */
    function formFields(def: ModuleDef): FieldDef[] {
        const is13 = values[def.name]?.authMethod === 'lti1.3';
        return def.fields.filter((f) => !(f.lti13 && lti13Mode === 'after-save' && !is13));
    }

    /**
     * Renders a module page.
     *
     * @param ctx request
     * @param def module
     * @param message success message
     * @param errors validation errors
     * @returns response
     */
    function modulePage(ctx: Ctx, def: ModuleDef, message: string, errors: Record<string, string>): Resp {
        const session = ctx.session as Session;
        const missing = takeFault('form-missing-field', ctx, def.name);
        const extra = takeFault('form-extra-field', ctx, def.name);
        const label = takeFault('form-save-label', ctx, def.name);
        const body = moduleFormBody({
            def,
            values: values[def.name] ?? {},
            lti13Mode,
            csrfToken: formToken(session),
            message,
            errors,
            omit: new Set(missing ? [missing.field ?? 'authMethod'] : []),
            extra: extra ? {name: extra.field ?? 'unexpectedField', value: extra.value ?? 'surprise'} : null,
            saveLabel: label ? (label.label ?? 'Apply') : 'Save',
        });
        return html(200, def.title, body, true);
    }

    /**
     * Saves a posted module form with form-backend semantics.
     *
     * @param ctx request
     * @param def module
     * @returns response
     */
    function saveModule(ctx: Ctx, def: ModuleDef): Resp {
        const fields = formFields(def);
        const errors: Record<string, string> = {};
        for (const f of fields) {
            const v = ctx.form.get(f.name);
            if (f.kind === 'select' && v !== undefined && !(f.options ?? []).some((o) => o.value === v)) {
                errors[f.name] = `'${v}' was not found in the haystack`;
            }
        }
        if (Object.keys(errors).length) {
            return modulePage(ctx, def, '', errors);
        }
        const current = values[def.name] ?? {};
        const next: ModuleValues = {...current};
        for (const f of fields) {
            const v = ctx.form.get(f.name);
            if (f.kind === 'checkbox') {
                next[f.name] = v !== undefined && v !== '0' && v !== '' ? '1' : '0';
            } else {
                next[f.name] = v ?? resetValue(f);
            }
        }
        values[def.name] = next;
        configModified = new Date();
        return modulePage(ctx, def, 'The configuration was saved. The cache was cleared.', {});
    }

    /**
     * The Backup Configuration page.
     *
     * @param ctx request
     * @param notice a message box to show first
     * @param ok whether the notice is a success
     * @returns response
     */
    function backupPage(ctx: Ctx, notice: string, ok: boolean): Resp {
        const s = ctx.session as Session;
        const body = '<h2>Backup Configuration</h2>\n'
            + (notice ? `<div class="alert ${ok ? 'alert-success' : 'alert-danger'} message">${esc(notice)}</div>\n` : '')
            + '<p class="intro">Create a snapshot of the current site configuration (all modules) as a \'Last Good '
            + 'Configuration\'. This snapshot can be later used in case a configuration restore is needed. We recommend setting '
            + 'the backup snapshot once the initial setup is completed.</p>\n<div class="backup-actions">'
            + postButton('/admin/config/backup/confirm-save', 'Save Backup', 'save-backup', formToken(s)) + ' '
            + postButton('/admin/config/backup/confirm-restore', 'Restore Last Saved Configuration', 'restore-backup',
                formToken(s))
            + '</div>\n<p id="backup-status">'
            + (backup ? `Last configuration save date: ${esc(backup.shownDate)}` : 'There are no backups.') + '</p>';
        return html(200, 'Backup Configuration', body, true);
    }

    /**
     * A confirmation dialog's content.
     *
     * @param ctx request
     * @param question text
     * @param action where "Yes" posts
     * @param yes label of the yes button
     * @param id button id
     * @returns response
     */
    function confirmPage(ctx: Ctx, question: string, action: string, yes: string, id: string): Resp {
        const body = '<h2>Backup Configuration</h2>\n<div class="modal-dialog" role="dialog" id="backup-dialog">'
            + '<h3 class="modal-title">Configuration Backup</h3>\n'
            + `<p>${esc(question)}</p>\n<div class="modal-footer">`
            + postButton(action, yes, id, formToken(ctx.session as Session))
            + ' <a href="/admin/config/backup" class="btn" id="backup-cancel">Cancel</a></div></div>';
        return html(200, 'Backup Configuration', body, true);
    }

    /**
     * A result dialog with an OK link back to the backup page.
     *
     * @param message text
     * @param ok success or failure
     * @returns response
     */
    function resultPage(message: string, ok: boolean): Resp {
        const body = '<h2>Backup Configuration</h2>\n<div class="modal-dialog" role="dialog" id="backup-dialog">'
            + '<h3 class="modal-title">Configuration Backup</h3>\n'
            + `<div class="alert ${ok ? 'alert-success' : 'alert-danger'} message">${esc(message)}</div>\n`
            + '<div class="modal-footer"><a href="/admin/config/backup" class="btn" id="backup-ok">OK</a></div></div>';
        return html(200, 'Backup Configuration', body, true);
    }

    /**
     * Admin pages for a logged-in user.
     *
     * @param ctx request
     * @returns response
     */
    function admin(ctx: Ctx): Resp {
        const {path, method} = ctx;
        if (path === '/admin' || path === '/admin/') {
            return redirect('/admin/config');
        }
        if (method === 'POST' && !csrfOk(ctx)) {
            return html(403, 'Forbidden', '<h2>Forbidden</h2>\n<div class="alert alert-danger">The form\'s security token '
                + '(csrf_token) is missing or invalid. Nothing was saved. Reload the page and try again.</div>', true);
        }
        if (path === '/admin/config' || path === '/admin/config/') {
            return html(200, 'Configuration Management', '<h2>Configuration Management</h2>\n<p>Choose a module on the left '
                + 'to view or change its configuration.</p>', true);
        }
        const tab = /^\/admin\/config\/tab\/([A-Za-z0-9_-]+)\/?$/.exec(path);
        if (tab) {
            const def = defs.get((tab[1] ?? '').toLowerCase());
            if (!def) {
                return html(404, 'Not found', `<h2>Not found</h2>\n<p>Module "${esc(tab[1] ?? '')}" does not exist.</p>`, true);
            }
            return method === 'POST' ? saveModule(ctx, def) : modulePage(ctx, def, '', {});
        }
        if (path === '/admin/config/backup') {
            return backupPage(ctx, '', true);
        }
        if (path === '/admin/config/player-replacement') {
            return html(200, 'Player replacement tool', '<h2>Player replacement tool</h2>\n<p>Not simulated.</p>', true);
        }
        const b = /^\/admin\/config\/backup\/(confirm-save|save|confirm-restore|restore)$/.exec(path)?.[1];
        if (b) {
            if (method !== 'POST') {
                return {...html(405, 'Method not allowed', '<h2>Method not allowed</h2>', true), headers: {
                    'Content-Type': 'text/html; charset=utf-8', 'Allow': 'POST'}};
            }
            if (b === 'confirm-save') {
                return confirmPage(ctx, 'Are you sure you want to save a backup of the current configuration? '
                    + 'The previous backup will be replaced.', '/admin/config/backup/save', 'Yes, Save', 'confirm-save');
            }
            if (b === 'save') {
                if (takeFault('backup-fail', ctx)) {
                    return resultPage('Configuration file could not be saved.', false);
                }
                backup = {time: new Date().toISOString(), shownDate: gmt(configModified), modules: copyValues(values)};
                return resultPage('Configuration file was saved successfully.', true);
            }
            if (!backup) {
                return resultPage('There are no backups.', false);
            }
            if (b === 'confirm-restore') {
                return confirmPage(ctx, `Are you sure you want to restore the configuration saved on ${backup.shownDate}? `
                    + 'Every module will be overwritten.', '/admin/config/backup/restore', 'Yes, Restore', 'confirm-restore');
            }
            values = copyValues(backup.modules);
            configModified = new Date();
            return resultPage('Configuration was restored successfully.', true);
        }
        return html(404, 'Not found', `<h2>Not found</h2>\n<p>The page ${esc(path)} does not exist.</p>`, true);
    }

    /**
     * A plain error page.
     *
     * @param status HTTP status
     * @param message text
     * @returns response
     */
    function errorPage(status: number, message: string): Resp {
        return html(status, 'Error', `<h2>Error</h2>\n<div class="alert alert-danger" id="error-message">${esc(message)}</div>`,
            false);
    }

    /**
     * LTI 1.3 login initiation.
     *
     * @param ctx request
     * @returns response
     */
    function oidcInit(ctx: Ctx): Resp {
        const p = new Map<string, string>(ctx.query);
        for (const [k, v] of ctx.form) {
            p.set(k, v);
        }
        const h = values.hosted ?? {};
        if (h.authMethod !== 'lti1.3') {
            return errorPage(400, `LTI 1.3 is not enabled: Hosted authMethod is "${h.authMethod ?? ''}", not "lti1.3".`);
        }
        const missing = ['iss', 'login_hint', 'target_link_uri', 'client_id'].filter((k) => !p.get(k));
        if (missing.length) {
            return errorPage(400, `Missing required parameter(s): ${missing.join(', ')}.`);
        }
        if (p.get('client_id') !== h.lti13ClientId) {
            return errorPage(400, `client_id mismatch: "${p.get('client_id') ?? ''}" does not match the Hosted lti13ClientId`
                + ` ("${h.lti13ClientId ?? ''}").`);
        }
        const target = h.lti13PlatformOidcAuthUrl ?? '';
        if (!/^https?:\/\//.test(target)) {
            return errorPage(400, 'lti13PlatformOidcAuthUrl is not configured in the Hosted module.');
        }
        const base = options.publicUrl ?? `${scheme}://${ctx.req.headers.host ?? '127.0.0.1'}`;
        const q = new URLSearchParams();
        q.set('scope', 'openid');
        q.set('response_type', 'id_token');
        q.set('response_mode', 'form_post');
        q.set('prompt', 'none');
        q.set('client_id', p.get('client_id') ?? '');
        q.set('redirect_uri', base.replace(/\/+$/, '') + '/hosted/index/oauth2-launch');
        q.set('login_hint', p.get('login_hint') ?? '');
        q.set('lti_message_hint', p.get('lti_message_hint') ?? '');
        q.set('state', randomBytes(16).toString('hex'));
        q.set('nonce', randomBytes(16).toString('hex'));
        return redirect(target + (target.includes('?') ? '&' : '?') + q.toString());
    }

    /**
     * Routes a request (faults excepted).
     *
     * @param ctx request
     * @returns response
     */
    function route(ctx: Ctx): Resp {
        const {path, method} = ctx;
        if (path === '/version') {
            return {status: 200, headers: {'Content-Type': 'text/plain; charset=utf-8'},
                body: `${KAFSIM_VERSION}\nKaltura Application Framework (kafsim) for partner ${partnerId} at ${hostname}\n`};
        }
        if (path === '/hosted/index/lti-advantage-key-set') {
            return {status: 200, headers: {'Content-Type': 'application/json', 'Cache-Control': 'no-store'},
                body: JSON.stringify(jwksFromPem(values.hosted?.lti13ServicePublicKey ?? ''))};
        }
        if (path === '/hosted/index/oidc-init') {
            return oidcInit(ctx);
        }
        if (path === '/hosted/index/oauth2-launch') {
            return ctx.form.get('id_token')
                ? html(200, 'Launch', '<h2>Launch received</h2>\n<p>The simulator does not verify launches.</p>', false)
                : errorPage(400, 'Invalid LTI 1.3 launch: id_token is missing.');
        }
        if (path === '/' || path === '') {
            return html(200, 'Kaltura Application Framework', `<h2>Kaltura Application Framework</h2>\n<p>${esc(hostname)}</p>`
                + '<p><a href="/admin">Configuration Management</a></p>', false);
        }
        if (path === '/admin/logout') {
            if (ctx.session) {
                sessions.delete(ctx.session.id);
            }
            ctx.setCookie.push(cookie('deleted', true));
            return redirect('/admin');
        }
        if (path === '/admin/authenticate' && method === 'POST') {
            const refused = takeFault('login-refused', ctx);
            const u = ctx.form.get('Login[username]') ?? '';
            const pw = ctx.form.get('Login[password]') ?? '';
            let referrer = ctx.form.get('referrer') ?? '';
            if (!/^\/(?![/\\])/.test(referrer) || /^\/admin\/(authenticate|logout)/.test(referrer)) {
                referrer = '/admin/config';
            }
            if (refused || u !== user || pw !== password) {
                return html(200, 'Login', loginBody(referrer, 'Invalid username or password.'), false);
            }
            const id = randomBytes(24).toString('hex');
            sessions.set(id, {id, lastSeen: Date.now(), csrf: randomBytes(16).toString('hex'), renderTokens: []});
            ctx.setCookie.push(cookie(id));
            return redirect(referrer);
        }
        if (path === '/admin' || path.startsWith('/admin/')) {
            if (!ctx.session) {
                const referrer = method === 'GET' && path !== '/admin/authenticate' ? ctx.full : '/admin/config';
                return html(200, 'Login', loginBody(referrer, ''), false);
            }
            if (path === '/admin/authenticate') {
                return redirect('/admin/config');
            }
            return admin(ctx);
        }
        return errorPage(404, `Page not found: ${path}`);
    }

    /**
     * The /__sim/* test API.
     *
     * @param method request method
     * @param path path
     * @param raw body
     * @returns response
     */
    function simApi(method: string, path: string, raw: Buffer): Resp {
        const json = (status: number, obj: unknown): Resp => ({status, headers: {'Content-Type': 'application/json'},
            body: JSON.stringify(obj, null, 2) + '\n'});
        try {
            if (path === '/__sim/state' && method === 'GET') {
                return json(200, readout());
            }
            if (path === '/__sim/state' && method === 'POST') {
                const s = loadState(JSON.parse(raw.toString('utf8') || '{}') as StartState);
                for (const [m, vals] of Object.entries(s.modules ?? {})) {
                    values[m] = {...(values[m] ?? {}), ...vals};
                }
                return json(200, readout());
            }
            if (path === '/__sim/reset' && method === 'POST') {
                reset();
                return json(200, {ok: true});
            }
            if (path === '/__sim/faults' && method === 'GET') {
                return json(200, {faults: faults.map(describeFault)});
            }
            if (path === '/__sim/faults' && method === 'DELETE') {
                faults = [];
                return json(200, {faults: []});
            }
            if (path === '/__sim/faults' && method === 'POST') {
                return json(200, {faults: addFaults(JSON.parse(raw.toString('utf8') || '{}') as unknown)});
            }
            return json(404, {error: `unknown test endpoint ${method} ${path}`});
        } catch (e) {
            return json(400, {error: (e as Error).message});
        }
    }

    /**
     * Writes a response after a delay.
     *
     * @param res response
     * @param r what to send
     * @param delay milliseconds
     * @param done called once written
     */
    function send(res: ServerResponse, r: Resp, delay: number, done: () => void): void {
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
                timers.delete(t);
                write();
            }, delay);
            timers.add(t);
        } else {
            write();
        }
    }

    /**
     * Handles one request: faults, routing, latency, logging.
     *
     * @param req request
     * @param res response
     * @param raw body
     */
    function handle(req: IncomingMessage, res: ServerResponse, raw: Buffer): void {
        const started = Date.now();
        const method = (req.method ?? 'GET').toUpperCase();
        const url = new URL(req.url ?? '/', 'http://127.0.0.1');
        const path = url.pathname;
        if (path.startsWith('/__sim/')) {
            send(res, simApi(method, path, raw), 0, () => undefined);
            return;
        }
        const n = ++requestCount;
        const full = path + url.search;
        const entry: LogEntry = {n, time: new Date(started).toISOString(), method, path, status: null, ms: 0};
        log.push(entry);
        if (log.length > 5000) {
            log.shift();
        }
        const firing = faults.filter((f) => !POINT_OF_USE.includes(f.kind) && matches(f, method, path, full) && trigger(f));
        const delay = latencyMs + firing.filter((f) => f.kind === 'latency').reduce((a, f) => a + (f.ms ?? 0), 0);
        if (firing.some((f) => f.kind === 'session-expire')) {
            sessions.clear();
        }
        const terminal = ['status', 'rate-limit', 'reset', 'hang'];
        const before = firing.find((f) => terminal.includes(f.kind) && !f.afterApply);
        const after = firing.find((f) => terminal.includes(f.kind) && f.afterApply);
        const faultNames = firing.map((f) => f.kind + (f.afterApply ? '(after-apply)' : '')).join(',');
        if (faultNames) {
            entry.fault = faultNames;
        }
        let r: Resp | null = null;
        if (!before) {
            const ctx: Ctx = {req, method, path, full, query: url.searchParams,
                form: method === 'POST' ? parseForm(raw, req.headers['content-type'] ?? '') : new Map(),
                session: null, setCookie: []};
            ctx.session = findSession(req);
            r = route(ctx);
            if (ctx.setCookie.length) {
                r.headers['Set-Cookie'] = ctx.setCookie;
            }
        }
        const fault = before ?? after;
        if (fault?.kind === 'reset') {
            entry.status = 0;
            entry.ms = Date.now() - started;
            const t = setTimeout(() => {
                timers.delete(t);
                // A real TCP reset (RST), under TLS too: the TLS socket's own TCP socket is reset, not closed politely.
                const tcp = (req.socket as Socket & {_parent?: Socket})._parent ?? req.socket;
                if (typeof tcp.resetAndDestroy === 'function') {
                    tcp.resetAndDestroy();
                } else {
                    req.socket.destroy();
                }
            }, delay);
            timers.add(t);
            return;
        }
        if (fault?.kind === 'hang') {
            held.add(res);
            res.on('close', () => held.delete(res));
            return;
        }
        if (fault?.kind === 'status') {
            const st = fault.status ?? 500;
            r = {status: st, headers: {'Content-Type': 'text/html; charset=utf-8'},
                body: `<!DOCTYPE html><html><head><title>${st} Error</title></head><body><h1>${st} Error</h1>`
                    + '<p>The server encountered a temporary error (kafsim fault).</p></body></html>\n'};
        } else if (fault?.kind === 'rate-limit') {
            r = {status: 429, headers: {'Content-Type': 'text/html; charset=utf-8', 'Retry-After': String(fault.retryAfter ?? 1)},
                body: '<!DOCTYPE html><html><head><title>429 Too Many Requests</title></head><body><h1>Too Many Requests</h1>'
                    + '</body></html>\n'};
        }
        const resp = r as Resp;
        send(res, resp, delay, () => {
            entry.status = resp.status;
            entry.ms = Date.now() - started;
        });
    }

    /**
     * Reads a request body (at most 10 MB) and handles the request.
     *
     * @param req request
     * @param res response
     */
    function onRequest(req: IncomingMessage, res: ServerResponse): void {
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
                handle(req, res, Buffer.concat(chunks));
            } catch (e) {
                if (!res.headersSent) {
                    res.writeHead(500, {'Content-Type': 'text/plain'});
                }
                res.end('kafsim internal error: ' + (e as Error).message);
            }
        });
    }

    const server: Server = tls
        ? createHttpsServer({cert: tls.certPem, key: tls.keyPem}, onRequest)
        : createHttpServer(onRequest);
    const sockets = new Set<Socket>();
    server.on('connection', (s: Socket) => {
        sockets.add(s);
        s.on('close', () => sockets.delete(s));
    });
    server.on('secureConnection', (s: Socket) => {
        sockets.add(s);
        s.on('close', () => sockets.delete(s));
    });
    await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(options.port ?? 0, '127.0.0.1', () => {
            server.off('error', reject);
            resolve();
        });
    });
    const port = (server.address() as AddressInfo).port;
    let closing: Promise<void> | null = null;

    return {
        url: `${scheme}://127.0.0.1:${port}`,
        port,
        certPath: tls?.certPath ?? null,
        certPem: tls?.certPem ?? null,
        caPath: ca?.certPath ?? null,
        caPem: ca?.certPem ?? null,
        setCertificate(kind: CertKind): void {
            if (!ca || !('setSecureContext' in server)) {
                throw new Error('setCertificate needs a TLS simulator');
            }
            const c = serverCert(ca, kind);
            (server as import('node:https').Server).setSecureContext({cert: c.certPem, key: c.keyPem});
            // Keep-alive connections would go on with the old certificate.
            for (const s of sockets) {
                s.destroy();
            }
        },
        close(): Promise<void> {
            if (!closing) {
                closing = new Promise<void>((resolve) => {
                    for (const t of timers) {
                        clearTimeout(t);
                    }
                    timers.clear();
                    server.close(() => resolve());
                    for (const r of held) {
                        r.destroy();
                    }
                    for (const s of sockets) {
                        s.destroy();
                    }
                    server.closeAllConnections();
                });
            }
            return closing;
        },
        state: readout,
        values(module: string): ModuleValues {
            return {...(values[module] ?? {})};
        },
        setValues(module: string, vals: ModuleValues): void {
            values[module] = {...(values[module] ?? {}), ...vals};
        },
        reset,
        addFaults,
        clearFaults(): void {
            faults = [];
        },
    };
}

