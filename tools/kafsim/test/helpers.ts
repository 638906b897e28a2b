// Test helpers: a tiny cookie-keeping HTTP client and a regex HTML form reader (no DOM library).
import {afterAll, beforeAll, beforeEach} from 'vitest';
import {startKafSim, type KafSim} from '../server.js';

export interface Res {
    status: number;
    headers: Headers;
    body: string;
    location: string;
}

/**
 * Decodes the HTML entities the simulator emits (and numeric ones).
 *
 * @param s HTML text
 * @returns decoded text
 */
export function decode(s: string): string {
    return s.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos|middot);/gi, (m, e: string) => {
        const named: Record<string, string> = {amp: '&', lt: '<', gt: '>', quot: '"', apos: '\'', middot: '·'};
        if (e[0] === '#') {
            return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
        }
        return named[e.toLowerCase()] ?? m;
    });
}

/**
 * Attributes of a start tag.
 *
 * @param tag the tag text
 * @returns name => decoded value
 */
export function attrs(tag: string): Record<string, string> {
    const out: Record<string, string> = {};
    const open = /^<\w+([^>]*)>/.exec(tag)?.[1] ?? '';
    for (const m of open.matchAll(/([\w:[\]-]+)(?:="([^"]*)")?/g)) {
        out[m[1] ?? ''] = decode(m[2] ?? '');
    }
    return out;
}

export interface FormField {
    tag: 'input' | 'select' | 'textarea';
    type: string;
    name: string;
    value: string;
    checked: boolean;
    options: {value: string; label: string; selected: boolean}[];
}

export interface ParsedForm {
    action: string;
    method: string;
    fields: FormField[];
}

/**
 * Every form of a page, with its controls in document order.
 *
 * @param html page
 * @returns forms
 */
export function parseForms(html: string): ParsedForm[] {
    const forms: ParsedForm[] = [];
    for (const m of html.matchAll(/<form\b[^>]*>[\s\S]*?<\/form>/g)) {
        const a = attrs(m[0]);
        const fields: FormField[] = [];
        const re = /<input\b[^>]*>|<select\b[^>]*>[\s\S]*?<\/select>|<textarea\b[^>]*>[\s\S]*?<\/textarea>/g;
        for (const c of m[0].matchAll(re)) {
            const t = c[0];
            const at = attrs(t);
            const tag = (/^<(\w+)/.exec(t)?.[1] ?? 'input') as FormField['tag'];
            const f: FormField = {tag, type: at.type ?? tag, name: at.name ?? '', value: at.value ?? '',
                checked: 'checked' in at, options: []};
            if (tag === 'textarea') {
                f.value = decode(/^<textarea\b[^>]*>([\s\S]*?)<\/textarea>$/.exec(t)?.[1] ?? '');
            } else if (tag === 'select') {
                for (const o of t.matchAll(/<option\b[^>]*>([\s\S]*?)<\/option>/g)) {
                    const oa = attrs(o[0]);
                    f.options.push({value: oa.value ?? '', label: decode(o[1] ?? ''), selected: 'selected' in oa});
                }
                f.value = (f.options.find((o) => o.selected) ?? f.options[0])?.value ?? '';
            }
            fields.push(f);
        }
        forms.push({action: a.action ?? '', method: (a.method ?? 'get').toLowerCase(), fields});
    }
    return forms;
}

/**
 * The pairs a browser would submit for a form (the submit button named `submitName` included).
 *
 * @param form parsed form
 * @param submitName name of the clicked submit button
 * @returns ordered name/value pairs
 */
export function formData(form: ParsedForm, submitName = 'save'): [string, string][] {
    const out: [string, string][] = [];
    for (const f of form.fields) {
        if (!f.name) {
            continue;
        }
        if (f.type === 'submit') {
            if (f.name === submitName) {
                out.push([f.name, f.value]);
            }
            continue;
        }
        if (f.type === 'checkbox' && !f.checked) {
            continue;
        }
        out.push([f.name, f.value]);
    }
    return out;
}

/**
 * The module config form of a page.
 *
 * @param html page
 * @returns the form
 */
export function configForm(html: string): ParsedForm {
    const f = parseForms(html).find((x) => x.action.startsWith('/admin/config/tab/'));
    if (!f) {
        throw new Error('no config form in page');
    }
    return f;
}

/** A minimal browser: keeps the session cookie, never follows redirects. */
export class Client {
    cookies = new Map<string, string>();
    lastSetCookie: string[] = [];

    /**
     * A client for a base URL.
     *
     * @param base base URL
     */
    constructor(public base: string) {}

    /**
     * Sends a request.
     *
     * @param method GET or POST
     * @param path path with query
     * @param fields form fields for POST
     * @param signal abort signal
     * @returns response
     */
    async request(method: string, path: string, fields?: [string, string][] | Record<string, string>,
        signal?: AbortSignal): Promise<Res> {
        const headers: Record<string, string> = {};
        if (this.cookies.size) {
            headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
        }
        let body: string | undefined;
        if (fields) {
            body = new URLSearchParams(Array.isArray(fields) ? fields : Object.entries(fields)).toString();
            headers['content-type'] = 'application/x-www-form-urlencoded';
        }
        const r = await fetch(this.base + path, {method, headers, body, redirect: 'manual', signal});
        this.lastSetCookie = r.headers.getSetCookie();
        for (const c of this.lastSetCookie) {
            const m = /^([^=]+)=([^;]*)/.exec(c);
            if (m?.[1]) {
                if (/Max-Age=0/i.test(c)) {
                    this.cookies.delete(m[1]);
                } else {
                    this.cookies.set(m[1], m[2] ?? '');
                }
            }
        }
        return {status: r.status, headers: r.headers, body: await r.text(), location: r.headers.get('location') ?? ''};
    }

    /**
     * GET.
     *
     * @param path path
     * @returns response
     */
    get(path: string): Promise<Res> {
        return this.request('GET', path);
    }

    /**
     * POST a form.
     *
     * @param path path
     * @param fields fields
     * @returns response
     */
    post(path: string, fields: [string, string][] | Record<string, string>): Promise<Res> {
        return this.request('POST', path, fields);
    }

    /**
     * Logs in through the login form.
     *
     * @param user username
     * @param password password
     * @param referrer referrer field
     * @returns the authenticate response
     */
    login(user = 'admin@example.com', password = 'kafsim-admin', referrer = '/admin/config'): Promise<Res> {
        return this.post('/admin/authenticate', [['referrer', referrer], ['Login[username]', user],
            ['Login[password]', password], ['Login[login]', 'Sign In']]);
    }

    /**
     * Reads a module's form and posts it back whole, with some values changed.
     *
     * @param module module name
     * @param changes name => new value
     * @returns the save response
     */
    async saveModule(module: string, changes: Record<string, string> = {}): Promise<Res> {
        const page = await this.get(`/admin/config/tab/${module}`);
        const form = configForm(page.body);
        const data = formData(form).map(([k, v]): [string, string] => [k, k in changes ? changes[k] ?? '' : v]);
        for (const [k, v] of Object.entries(changes)) {
            if (!data.some(([n]) => n === k)) {
                data.push([k, v]);
            }
        }
        return this.post(form.action, data);
    }
}

/**
 * Reads the simulator's state over HTTP.
 *
 * @param base base URL
 * @returns state JSON
 */
export async function simState(base: string): Promise<import('../server.js').StateReadout> {
    return (await (await fetch(base + '/__sim/state')).json()) as import('../server.js').StateReadout;
}

/**
 * Posts faults.
 *
 * @param base base URL
 * @param body fault JSON
 * @returns response JSON
 */
export async function setFaults(base: string, body: unknown): Promise<{faults?: unknown[]; error?: string}> {
    const r = await fetch(base + '/__sim/faults', {method: 'POST', headers: {'content-type': 'application/json'},
        body: JSON.stringify(body)});
    return (await r.json()) as {faults?: unknown[]; error?: string};
}

/**
 * Visible text of a page (tags stripped, entities decoded, spaces collapsed).
 *
 * @param html page
 * @returns text
 */
export function text(html: string): string {
    return decode(html.replace(/<script[\s\S]*?<\/script>/g, '').replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ').trim();
}

/**
 * A simulator for a describe block, reset before each test and with a client logged in to it: registers the hooks.
 *
 * @param opts the simulator's options
 * @returns the simulator and the current test's client (set by the hooks)
 */
export function loggedInSim(opts: import('../server.js').KafSimOptions = {port: 0}): {sim: KafSim; c: Client} {
    const t = {} as {sim: KafSim; c: Client};
    beforeAll(async() => {
        t.sim = await startKafSim(opts);
    });
    afterAll(() => t.sim.close());
    beforeEach(async() => {
        t.sim.reset();
        t.c = new Client(t.sim.url);
        await t.c.login();
    });
    return t;
}
