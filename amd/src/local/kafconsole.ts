// Talking to the KAF console through the shim: login (again, once, when the session expires), the Hosted
// page, the Server Tools backup found by its visible text, and KAF's LTI 1.3 endpoints. The credentials live
// in this object only, for one run, and are dropped by close().

import type {Field, HttpMethod, KafResponse, ProbeResult, Services} from '../services';
import {codeMessage} from './errors';
import {isServiceError} from './shim';
import {editForm, formData, parseHtml, readForms, type KafForm} from './kafform';
import {HOSTED_PATH, isLoginPage, readHosted, readModule, type HostedView, type ModuleView} from './hosted';
import {EngineError, isEngineError, msg} from './types';

export interface Credentials {
    username: string;
    password: string;
}

/** Error codes after which the same request may be sent again: nothing reached KAF, or KAF failed. */
const RETRYABLE = ['kafunreachable', 'kaftimeout', 'kafstatus'];

/**
 * Waits.
 *
 * @param ms milliseconds
 * @returns a promise
 */
function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms));
}

export interface SessionOptions {
    /** Pause before the one retry of a transient failure (ms). */
    retryDelayMs?: number;
    /** The corrected kaf_uri to log in at (the run saves it); unset: kaf_uri as stored. */
    kafUri?: string;
}

/**
 * A link's visible text as follow() matches it: spaces folded, case ignored.
 *
 * @param text the text
 * @returns the key
 */
function linkKey(text: string): string {
    return text.replace(/\s+/g, ' ').trim().toLowerCase();
}

export class KafSession {
    private creds: Credentials | null;
    private readonly services: Services;
    private readonly retryDelayMs: number;
    private readonly kafUri: string;
    /** How many times the session was re-established during the run (for the journal). */
    relogins = 0;
    /** Where the links of the last pages read go, by visible text (see follow()). */
    private readonly links = new Map<string, string>();

    /**
     * Makes a session; call login() before anything else.
     *
     * @param services the shim
     * @param creds the KAF admin credentials, kept in memory for this session only
     * @param options tuning
     */
    constructor(services: Services, creds: Credentials, options: SessionOptions = {}) {
        this.services = services;
        this.creds = {...creds};
        this.retryDelayMs = options.retryDelayMs ?? 500;
        this.kafUri = options.kafUri ?? '';
    }

    /** Drops the credentials. */
    close(): void {
        this.creds = null;
    }

    /**
     * Logs in at KAF (the shim keeps the cookie on the server).
     *
     * @returns the KAF host
     */
    async login(): Promise<string> {
        if (!this.creds) {
            throw new EngineError(msg('engine_err_sessionclosed'));
        }
        try {
            const r = this.kafUri ? await this.services.kafLogin(this.creds.username, this.creds.password, this.kafUri)
                : await this.services.kafLogin(this.creds.username, this.creds.password);
            if (!r.loggedin) {
                throw new EngineError(msg('engine_err_kafbadcredentials', {detail: ''}), 'kafbadcredentials');
            }
            return r.kafhost;
        } catch (e) {
            throw this.wrap(e);
        }
    }

    /**
     * Turns a shim failure into an EngineError with a message.
     *
     * @param e what was thrown
     * @returns the error
     */
    private wrap(e: unknown): Error {
        if (isEngineError(e)) {
            return e;
        }
        if (isServiceError(e)) {
            return new EngineError(codeMessage(e.errorcode, e.message), e.errorcode);
        }
        return e instanceof Error ? e : new Error(String(e));
    }

    /**
     * One request. When the session has gone it logs in again (once per request): a GET is then sent again, a
     * POST is not (its form, and any anti-forgery token in it, belonged to the old session) and fails with
     * code 'kafrelogged' so that the caller reads the form afresh. A transient failure of a repeatable request
     * is retried once.
     *
     * @param method GET or POST
     * @param path path on the KAF host
     * @param fields query or body fields
     * @param repeatable whether the request may be sent twice
     * @returns the response, with 5xx answers thrown as errors
     */
    async request(method: HttpMethod, path: string, fields: Field[] = [], repeatable = method === 'GET'): Promise<KafResponse> {
        let relogged = false;
        let retried = false;
        for (;;) {
            try {
                const r = await this.services.kafRequest(method, path, fields);
                if (r.status >= 500) {
                    throw new EngineError(msg('engine_err_kafstatus', {status: r.status, path}), 'kafstatus');
                }
                if (r.contenttype.includes('html') && isLoginPage(parseHtml(r.body))) {
                    throw new EngineError(msg('engine_err_kafnotloggedin', {detail: ''}), 'kafnotloggedin');
                }
                return r;
            } catch (e) {
                const err = this.wrap(e);
                const code = isEngineError(err) ? err.errorcode : '';
                if (code === 'kafnotloggedin' && !relogged) {
                    relogged = true;
                    this.relogins++;
                    await this.login();
                    if (method === 'GET') {
                        continue;
                    }
                    throw new EngineError(msg('engine_err_kafnotloggedin', {detail: ''}), 'kafrelogged');
                }
                if (RETRYABLE.includes(code) && repeatable && !retried) {
                    retried = true;
                    await sleep(this.retryDelayMs);
                    continue;
                }
                throw err;
            }
        }
    }

    /**
     * Runs a form post once more (with a fresh read of its form, done by fn) when the session was renewed or
     * the failure was transient; a save sets the same values again, so repeating it is harmless.
     *
     * @param fn reads the form and posts it
     * @returns its result
     */
    private async againOnce<T>(fn: () => Promise<T>): Promise<T> {
        try {
            return await fn();
        } catch (e) {
            if (isEngineError(e) && (e.errorcode === 'kafrelogged' || RETRYABLE.includes(e.errorcode))) {
                await sleep(e.errorcode === 'kafrelogged' ? 0 : this.retryDelayMs);
                return fn();
            }
            throw e;
        }
    }

    /**
     * GET /version: whether KAF answers.
     *
     * @returns the version text
     */
    async version(): Promise<string> {
        const r = await this.request('GET', '/version');
        if (r.status !== 200) {
            throw new EngineError(msg('engine_err_kafstatus', {status: r.status, path: '/version'}), 'kafstatus');
        }
        return r.body.trim().slice(0, 200);
    }

    /**
     * Reads the Hosted page.
     *
     * @param partial accept a form missing some 1.3 fields (rollback)
     * @returns the view
     */
    async hosted(partial = false): Promise<HostedView> {
        const r = await this.request('GET', HOSTED_PATH);
        const doc = parseHtml(r.body);
        this.rememberLinks(doc, r.finalpath || HOSTED_PATH);
        const view = r.status === 200 ? readHosted(doc, r.finalpath || HOSTED_PATH, partial)
            : {problem: msg('engine_kafnohostedform')};
        if ('problem' in view) {
            throw new EngineError(view.problem, 'kafformchanged');
        }
        return view;
    }

    /**
     * Saves the Hosted form with the given fields changed, and nothing else, then reads it back. The form is the
     * one given (a fresh read) or read now, so that its anti-forgery token and every other control are current.
     *
     * @param changes field => value
     * @param view a fresh read of the page, if the caller has one
     * @param partial accept a form missing some 1.3 fields (rollback)
     * @returns the Hosted page as it is after the save
     */
    async saveHosted(changes: ReadonlyMap<string, string>, view?: HostedView, partial = false): Promise<HostedView> {
        let given = view;
        return this.againOnce(async() => {
            const current = given ?? await this.hosted(partial);
            given = undefined;
            const edited = editForm(current.form, changes);
            if ('problem' in edited) {
                throw new EngineError(msg('engine_kafeditproblem', {field: edited.problem.field, kind: edited.problem.kind}),
                    'kafformchanged');
            }
            const r = await this.submit(edited.form, current.save);
            // KAF answers a save with the page itself; read it from there when it is, saving a round trip.
            const after = readHosted(parseHtml(r.body), r.finalpath || HOSTED_PATH, partial);
            return 'problem' in after || r.finalpath.split('?')[0] !== HOSTED_PATH ? this.hosted(partial) : after;
        });
    }

    /**
     * Reads a module page with an `enabled` select (e.g. Ltigrading), or null when KAF has no such page or form.
     *
     * @param path the module's path
     * @returns the view, or null
     */
    async module(path: string): Promise<ModuleView | null> {
        const r = await this.request('GET', path);
        return r.status === 200 ? readModule(parseHtml(r.body), r.finalpath.split('?')[0] || path) : null;
    }

    /**
     * Saves a module form with the given fields changed, and nothing else (the whole form, as Hosted), then reads it
     * back.
     *
     * @param path the module's path
     * @param changes field => value
     * @returns the page after the save
     */
    async saveModule(path: string, changes: ReadonlyMap<string, string>): Promise<ModuleView> {
        return this.againOnce(async() => {
            const current = await this.module(path);
            if (!current) {
                throw new EngineError(msg('engine_kafnomoduleform', {path}), 'kafformchanged');
            }
            const edited = editForm(current.form, changes);
            if ('problem' in edited) {
                throw new EngineError(msg('engine_kafeditproblem', {field: edited.problem.field, kind: edited.problem.kind}),
                    'kafformchanged');
            }
            await this.submit(edited.form, current.save);
            const after = await this.module(path);
            if (!after) {
                throw new EngineError(msg('engine_kafnomoduleform', {path}), 'kafformchanged');
            }
            return after;
        });
    }

    /**
     * Posts a form as a browser would when the given button is clicked.
     *
     * @param form the form
     * @param button the submit control
     * @returns the response
     */
    async submit(form: KafForm, button: KafForm['controls'][number]): Promise<KafResponse> {
        // A save posts the whole form again: repeating it is harmless, but a fresh token may be needed, so no retry here.
        const r = await this.request(form.method, form.action, formData(form, button), false);
        if (r.status >= 400) {
            throw new EngineError(msg('engine_err_kafstatus', {status: r.status, path: form.action}), 'kafstatus');
        }
        const doc = parseHtml(r.body);
        if (isLoginPage(doc)) {
            throw new EngineError(msg('engine_err_kafnotloggedin', {detail: ''}), 'kafnotloggedin');
        }
        if (doc.querySelector('.errors li, .alert-danger')) {
            throw new EngineError(msg('engine_kafsaverejected', {path: form.action}), 'kafsaverejected');
        }
        return r;
    }

    /**
     * Finds a page by following a link with the given visible text from a page.
     *
     * @param from path of the page holding the link
     * @param text the link text
     * @returns the page's path and document
     */
    async follow(from: string, text: string): Promise<{path: string; doc: Document}> {
        const key = linkKey(text);
        // A link seen on the Hosted page just read (the run's snapshot) saves reading the page again; it is used
        // once, so a retry reads the page afresh.
        let target = this.links.get(key);
        this.links.delete(key);
        if (target === undefined) {
            const r = await this.request('GET', from);
            this.rememberLinks(parseHtml(r.body), r.finalpath || from);
            target = this.links.get(key);
            this.links.delete(key);
        }
        if (target === undefined) {
            throw new EngineError(msg('engine_kafnolink', {text}), 'kafformchanged');
        }
        const page = await this.request('GET', target);
        return {path: page.finalpath || target, doc: parseHtml(page.body)};
    }

    /**
     * Remembers where a page's links go, by their visible text.
     *
     * @param doc the page
     * @param path its path (for relative links)
     */
    private rememberLinks(doc: Document, path: string): void {
        const seen = new Set<string>();
        for (const a of Array.from(doc.querySelectorAll('a[href]'))) {
            const key = linkKey(a.textContent ?? '');
            // The first link with a text wins, as a person reading the page top down would pick it.
            if (!seen.has(key)) {
                seen.add(key);
                const url = new URL(a.getAttribute('href') ?? '', 'https://kaf.invalid' + path);
                this.links.set(key, url.pathname + url.search);
            }
        }
    }

    /**
     * Server Tools > Backup Configuration > Save Backup > Yes, Save, each found by its visible text.
     *
     * @returns what KAF said
     */
    async backup(): Promise<{confirmed: number; text: string}> {
        return this.againOnce(() => this.backupOnce());
    }

    /**
     * One attempt at the backup.
     *
     * @returns what KAF said
     */
    private async backupOnce(): Promise<{confirmed: number; text: string}> {
        const page = await this.follow(HOSTED_PATH, 'Backup Configuration');
        let step = await this.clickButton(page.path, page.doc, 'Save Backup');
        if (!/saved successfully/i.test(step.doc.body?.textContent ?? '')) {
            step = await this.clickButton(step.path, step.doc, 'Yes, Save');
        }
        const text = (step.doc.body?.textContent ?? '').replace(/\s+/g, ' ');
        const confirmed = /Configuration file was saved successfully/i.test(text);
        if (!confirmed) {
            throw new EngineError(msg('engine_kafbackupnotconfirmed'), 'kafbackup');
        }
        return {confirmed: 1, text: 'Configuration file was saved successfully.'};
    }

    /**
     * Clicks the button (submit control) with the given visible text, posting its form.
     *
     * @param path the page's path
     * @param doc the page
     * @param text the button's text
     * @returns the page that came back
     */
    async clickButton(path: string, doc: Document, text: string): Promise<{path: string; doc: Document}> {
        const want = text.toLowerCase();
        for (const form of readForms(doc, path)) {
            const button = form.controls.find((c) => c.type === 'submit' && !c.disabled && c.label.trim().toLowerCase() === want);
            if (button) {
                const r = await this.request(form.method, form.action, formData(form, button), false);
                if (r.status >= 400) {
                    throw new EngineError(msg('engine_err_kafstatus', {status: r.status, path: form.action}), 'kafstatus');
                }
                return {path: r.finalpath || form.action, doc: parseHtml(r.body)};
            }
        }
        throw new EngineError(msg('engine_kafnobutton', {text}), 'kafformchanged');
    }

    /**
     * KAF's key set and an OIDC login initiation, through the server's probe (the one probe rule, shared with the
     * status check). KAF not answering, or answering 5xx, is retried once, as any repeatable request is; KAF still
     * not answering is thrown, with the door's error code.
     *
     * @param thumbprint the RFC 7638 thumbprint of the key the key set must hold
     * @returns the probe's verdict
     */
    async probe(thumbprint: string): Promise<ProbeResult> {
        const transient = (p: ProbeResult): boolean => p.keyset.error !== '' || p.oidc.error !== ''
            || p.keyset.httpstatus >= 500 || p.oidc.httpstatus >= 500;
        let r: ProbeResult;
        try {
            r = await this.services.ltiProbe(thumbprint);
            if (transient(r)) {
                await sleep(this.retryDelayMs);
                r = await this.services.ltiProbe(thumbprint);
            }
        } catch (e) {
            throw this.wrap(e);
        }
        const error = r.keyset.error || r.oidc.error;
        if (error !== '') {
            throw new EngineError(codeMessage(error, r.kafuri), error);
        }
        return r;
    }
}
