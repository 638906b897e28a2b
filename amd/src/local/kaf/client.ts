// The KAF admin console through the shim: login (again, once, when the session expires), one request with its
// retry rules, and each answer parsed once. The credentials live in this object only, for one run, and are dropped
// by close().

import type {Field, HttpMethod, KafResponse, Services} from '../contract';
import {codeMessage} from '../errors';
import {parseHtml} from '../kafform';
import {isServiceError} from '../shim';
import {EngineError, isEngineError, msg, type EngineErrorCode} from '../types';

export interface Credentials {
    username: string;
    password: string;
}

export interface ClientOptions {
    /** Pause before the one retry of a transient failure (ms). */
    retryDelayMs?: number;
    /** The corrected kaf_uri to log in at (the run saves it); unset: kaf_uri as stored. */
    kafUri?: string;
}

/** Codes after which the same request may be sent again: nothing reached KAF, or KAF failed. */
const RETRYABLE: ReadonlySet<EngineErrorCode> = new Set<EngineErrorCode>(['kafunreachable', 'kaftimeout', 'kafstatus']);

/** A KAF answer with its page, parsed at most once whoever asks for it. */
export class KafPage {
    readonly response: KafResponse;
    /** The path the answer came from (after redirects on the KAF host). */
    readonly path: string;
    private parsed: Document | null = null;

    /**
     * Wraps an answer.
     *
     * @param response the shim's answer
     * @param requested the path asked for
     */
    constructor(response: KafResponse, requested: string) {
        this.response = response;
        this.path = response.finalpath || requested;
    }

    /**
     * The page as a document.
     *
     * @returns the parsed page
     */
    doc(): Document {
        this.parsed ??= parseHtml(this.response.body);
        return this.parsed;
    }

    /**
     * The path without its query.
     *
     * @returns the path
     */
    bare(): string {
        return this.path.split('?')[0] ?? this.path;
    }
}

/**
 * Waits.
 *
 * @param ms milliseconds
 * @returns a promise
 */
export function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Turns a shim failure into an EngineError with a message.
 *
 * @param e what was thrown
 * @returns the error
 */
export function wrap(e: unknown): Error {
    if (isEngineError(e)) {
        return e;
    }
    if (isServiceError(e)) {
        return new EngineError(codeMessage(e.rawcode, e.message), e.errorcode);
    }
    return e instanceof Error ? e : new Error(String(e));
}

/**
 * Whether a failure may be met by doing the work again.
 *
 * @param e what was thrown
 * @returns true when transient
 */
export function isTransient(e: unknown): boolean {
    return isEngineError(e) && RETRYABLE.has(e.errorcode);
}

export class KafClient {
    readonly services: Services;
    readonly retryDelayMs: number;
    private creds: Credentials | null;
    private readonly kafUri: string;
    /** Console requests started so far: tells whether a page read earlier is still the last one KAF rendered. */
    requests = 0;

    /**
     * Makes a client; call login() before anything else.
     *
     * @param services the shim
     * @param creds the KAF admin credentials, kept in memory for this session only
     * @param options tuning
     */
    constructor(services: Services, creds: Credentials, options: ClientOptions = {}) {
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
     * Logs in at KAF (the shim keeps the cookie on the server; a refusal is its kafbadcredentials error).
     *
     * @returns the KAF host
     */
    async login(): Promise<string> {
        if (!this.creds) {
            throw new EngineError(msg('engine_err_sessionclosed'));
        }
        try {
            const {username, password} = this.creds;
            const r = this.kafUri ? await this.services.kafLogin(username, password, this.kafUri)
                : await this.services.kafLogin(username, password);
            return r.kafhost;
        } catch (e) {
            throw wrap(e);
        }
    }

    /**
     * One request. When the session has gone (the shim answers kafnotloggedin: it alone tells KAF's login page from
     * a logged-in one) it logs in again (once per request): a GET is then sent again, a
     * POST is not (its form, and any anti-forgery token in it, belonged to the old session) and fails with
     * code 'kafrelogged' so that the caller reads the form afresh. A transient failure of a repeatable request
     * is retried once.
     *
     * @param method GET or POST
     * @param path path on the KAF host
     * @param fields query or body fields
     * @param repeatable whether the request may be sent twice
     * @returns the page, with 5xx answers thrown as errors
     */
    async request(method: HttpMethod, path: string, fields: Field[] = [], repeatable = method === 'GET'): Promise<KafPage> {
        this.requests++;
        let relogged = false;
        let retried = false;
        for (;;) {
            try {
                const page = new KafPage(await this.services.kafRequest(method, path, fields), path);
                if (page.response.status >= 500) {
                    throw new EngineError(msg('engine_err_kafstatus', {status: page.response.status, path}), 'kafstatus');
                }
                return page;
            } catch (e) {
                const err = wrap(e);
                if (isEngineError(err) && err.errorcode === 'kafnotloggedin' && !relogged) {
                    relogged = true;
                    await this.login();
                    if (method === 'GET') {
                        continue;
                    }
                    throw new EngineError(msg('engine_err_kafnotloggedin', {detail: ''}), 'kafrelogged');
                }
                if (isTransient(err) && repeatable && !retried) {
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
    async againOnce<T>(fn: () => Promise<T>): Promise<T> {
        try {
            return await fn();
        } catch (e) {
            const relogged = isEngineError(e) && e.errorcode === 'kafrelogged';
            if (relogged || isTransient(e)) {
                await sleep(relogged ? 0 : this.retryDelayMs);
                return fn();
            }
            throw e;
        }
    }
}
