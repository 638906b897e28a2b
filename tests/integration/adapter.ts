// A Services implementation for integration tests: KAF calls go over HTTP(S) to the simulator as the shim
// would send them (cookie jar, redirects followed on-host only, off-host Location reported, private keys
// redacted to [[secret:sha256:...]] tokens and substituted back on post); Moodle's settings, config log and
// journal are kept in memory. Built to docs/contract.md, not to the simulator.

import {spawn} from 'node:child_process';
import {createHash} from 'node:crypto';
import * as path from 'node:path';
import * as http from 'node:http';
import * as https from 'node:https';
import {ServiceError} from '../../amd/src/local/shim';
import type {ProbePart, Plan} from '../../amd/src/local/model';
import type {Field, HttpMethod, KafResponse, ProbeResult, RunKind, RunStatus, RunSummary, Services, State, StepRecord,
    StepStatusName, ToolType} from '../../amd/src/services';

export interface AdapterOptions {
    kafUri: string;
    ca?: string | null;
    /** The CA file the PHP probe trusts (the simulator's test CA). */
    caFile?: string | null;
    wwwroot?: string;
    timeoutMs?: number;
    settings?: Partial<State['settings']>;
}

/** A fault the test injects into the fake Moodle side: the next n calls of a function fail with this code. */
export interface MoodleFault {
    fn: 'saveSettings' | 'getState' | 'saveToolType';
    code: string;
    count: number;
}

const PRIVATE_PEM = /-----BEGIN ([A-Z ]*)PRIVATE KEY-----[\s\S]*?-----END \1PRIVATE KEY-----/g;

const ENTITIES: Record<string, string> = {amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0'};

/**
 * Decodes raw HTML text as the shim's redactor::decode does (html_entity_decode, then CR LF and lone CR as LF).
 *
 * @param raw raw text from the response body
 * @returns decoded text
 */
export function shimDecode(raw: string): string {
    return raw.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (m, e: string) => {
        if (e[0] === '#') {
            return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
        }
        return ENTITIES[e.toLowerCase()] ?? m;
    }).replace(/\r\n?/g, '\n');
}

/**
 * The shim's token for a PEM (classes/local/redactor.php): sha256 of the decoded text, with no trimming.
 *
 * @param pem PEM text, decoded
 * @returns the token
 */
export function tokenOf(pem: string): string {
    return `[[secret:sha256:${createHash('sha256').update(pem).digest('hex')}]]`;
}

/** A change the test makes to KAF's answers on their way to the engine (a page KAF changed). */
export interface BodyRewrite {
    /** Path (no query) of the page, and the request method. */
    path: string;
    method?: HttpMethod;
    from: string | RegExp;
    to: string;
    /** How many answers to change; Infinity = all. */
    count: number;
}

interface RawResponse {
    status: number;
    headers: http.IncomingHttpHeaders;
    body: string;
}

/** A kaf_uri as the shim accepts it to log in (url_policy::parse_kaf_uri under the test flag). */
const CANONICAL_KAF_URI = /^https:\/\/[a-z0-9.-]+(:\d+)?$/;

/**
 * The host[:port] a kaf_uri names, read leniently, as url_policy::kaf_host_of.
 *
 * @param uri a kaf_uri
 * @returns lower-case host[:port], or null
 */
function kafHostOf(uri: string): string | null {
    const s = (uri.replace(/\s+/g, '').replace(/^https?:\/\//i, '').split(/[/?#]/)[0] ?? '').toLowerCase();
    return s !== '' && /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:[0-9]{1,5})?$/.test(s) ? s : null;
}

export class SimAdapter implements Services {
    readonly configLog: Array<{name: string; oldvalue: string; value: string}> = [];
    readonly runs: RunSummary[] = [];
    readonly snapshots = new Map<number, string>();
    readonly moodleFaults: MoodleFault[] = [];
    /** Every KAF request: method and path (for the benchmark and assertions). */
    readonly requests: string[] = [];
    /** Changes to KAF's answers, for pages KAF changed (e.g. a relabelled button). */
    readonly rewrites: BodyRewrite[] = [];
    /** The detail run_finish got, per run. */
    readonly finishDetails = new Map<number, string>();
    /** The key thumbprint a completed upgrade's run_finish recorded (the status check's reference), '' before. */
    verifiedThumbprint = '';
    /** How many times lti_probe was called. */
    probes = 0;
    private readonly cookies = new Map<string, string>();
    private readonly secrets = new Map<string, string>();
    private readonly opts: Required<Omit<AdapterOptions, 'settings'>>;
    state: State;

    /**
     * Makes the adapter.
     *
     * @param opts where KAF is, and Moodle's settings
     */
    constructor(opts: AdapterOptions) {
        this.opts = {ca: null, caFile: null, wwwroot: 'https://moodle.example', timeoutMs: 1500, ...opts};
        const wwwroot = this.opts.wwwroot;
        this.state = {
            moodle: {release: '4.3.2 (Build: 20231222)', version: '2023100902', branch: '403', wwwroot, https: true,
                requires: '2023042400', supportedfrom: 402, supportedto: 501, ltix: false, insecurekaf: false},
            kaltura: {installed: true, release: '4.4.2', version: '2024051000', hasauth: true},
            settings: {kaf_uri: opts.kafUri, uri: 'www.kaltura.com', lti_version: 'LTI-1p0', partner_id: '12345',
                client_id: 'AbCdEfGhIjKlMnO', enable_logging: '0', enable_submission: '0', guest_support: null,
                adminsecretset: true, ...opts.settings},
            urls: {auth: '', token: '', certs: ''},
            lti: {sitekey: true, kid: true, tooltypes: [], clientidtype: 0, coursetools: []},
            run: null,
            beforeupgrade: {enable_logging: ''},
        };
        this.refreshUrls();
    }

    /** Derives the URLs from wwwroot and kaf_uri, as the shim does. */
    private refreshUrls(): void {
        const w = this.state.moodle.wwwroot;
        this.state.urls = {auth: w + '/local/kaltura/auth.php', token: w + '/mod/lti/token.php', certs: w + '/mod/lti/certs.php'};
    }

    /**
     * Fails when a Moodle fault is armed for this function.
     *
     * @param fn the function
     */
    private moodleFault(fn: MoodleFault['fn']): void {
        const f = this.moodleFaults.find((x) => x.fn === fn && x.count > 0);
        if (f) {
            f.count--;
            throw new ServiceError(f.code, 'injected ' + f.code);
        }
    }

    async getState(): Promise<State> {
        this.moodleFault('getState');
        const holder = this.state.lti.tooltypes.find((t) => t.clientid !== '' && t.clientid === this.state.settings.client_id);
        this.state.lti.clientidtype = holder ? holder.id : 0;
        const running = this.runs.find((r) => r.status === 'running') ?? null;
        // As last_upgrade::before (PHP): the latest finished run, when it is a completed upgrade that changed logging.
        const last = this.runs.filter((r) => r.status !== 'running').at(-1);
        const logged = last?.kind === 'upgrade' && last.status === 'completed'
            ? (JSON.parse(last.plan) as Plan).changes.find((c) => c.where === 'moodle' && c.field === 'enable_logging') : undefined;
        return JSON.parse(JSON.stringify({...this.state, run: running,
            beforeupgrade: {enable_logging: logged?.before ?? ''}})) as State;
    }

    /**
     * One HTTP request to the KAF host.
     *
     * @param method method
     * @param path path with query
     * @param body form body or null
     * @returns the raw response
     */
    private send(method: string, path: string, body: string | null): Promise<RawResponse> {
        const url = new URL(path, this.opts.kafUri);
        const mod = url.protocol === 'https:' ? https : http;
        const headers: Record<string, string> = {cookie: Array.from(this.cookies, ([k, v]) => `${k}=${v}`).join('; ')};
        if (body !== null) {
            headers['content-type'] = 'application/x-www-form-urlencoded';
            headers['content-length'] = String(Buffer.byteLength(body));
        }
        return new Promise((resolve, reject) => {
            const req = mod.request(url, {method, headers, ca: this.opts.ca ?? undefined, timeout: this.opts.timeoutMs}, (res) => {
                const chunks: Buffer[] = [];
                res.on('data', (c: Buffer) => chunks.push(c));
                res.on('end', () => resolve({status: res.statusCode ?? 0, headers: res.headers,
                    body: Buffer.concat(chunks).toString('utf8')}));
                res.on('error', () => reject(new ServiceError('kafunreachable', 'connection reset')));
            });
            req.on('timeout', () => {
                req.destroy();
                reject(new ServiceError('kaftimeout', 'timeout'));
            });
            req.on('error', (e) => reject(e instanceof ServiceError ? e : new ServiceError('kafunreachable', String(e))));
            if (body !== null) {
                req.write(body);
            }
            req.end();
        });
    }

    /**
     * Stores the cookies a response sets.
     *
     * @param headers response headers
     */
    private keepCookies(headers: http.IncomingHttpHeaders): void {
        for (const c of headers['set-cookie'] ?? []) {
            const [pair] = c.split(';');
            const eq = (pair ?? '').indexOf('=');
            if (eq > 0) {
                this.cookies.set((pair ?? '').slice(0, eq).trim(), (pair ?? '').slice(eq + 1).trim());
            }
        }
    }

    /**
     * A request with redirects followed on the KAF host (at most 3), as the shim does.
     *
     * @param method method
     * @param path path
     * @param fields fields
     * @returns response
     */
    private async fetchKaf(method: HttpMethod, path: string, fields: Field[]): Promise<KafResponse> {
        // As kaf_door::encode_fields: each token in a value becomes the PEM it stands for, as KAF sent it.
        const enc = new URLSearchParams(fields.map((f) => [f.name, f.value.replace(/\[\[secret:sha256:[0-9a-f]{64}\]\]/g, (t) => {
            const pem = this.secrets.get(t);
            if (pem === undefined) {
                throw new ServiceError('secretunknown', 'unknown secret token');
            }
            return pem;
        })])).toString();
        let target = method === 'GET' && fields.length ? path + (path.includes('?') ? '&' : '?') + enc : path;
        let m: string = method;
        let body: string | null = method === 'POST' ? enc : null;
        const origin = new URL(this.opts.kafUri).origin;
        for (let hops = 0; ; hops++) {
            this.requests.push(`${m} ${target.split('?')[0]}`);
            const r = await this.send(m, target, body);
            this.keepCookies(r.headers);
            const loc = r.headers.location;
            if (r.status >= 300 && r.status < 400 && loc) {
                const next = new URL(loc, origin + target);
                if (next.origin !== origin) {
                    return {status: r.status, finalpath: target, contenttype: String(r.headers['content-type'] ?? ''),
                        body: '', truncated: false, location: next.toString()};
                }
                if (hops >= 3) {
                    throw new ServiceError('kafunexpectedpage', 'too many redirects');
                }
                target = next.pathname + next.search;
                m = 'GET';
                body = null;
                continue;
            }
            const redacted = this.rewrite(m, target, r.body).replace(PRIVATE_PEM, (raw) => {
                // As redactor::redact: the token of the LF text; the bytes KAF sent kept for posting back.
                const t = tokenOf(shimDecode(raw));
                // eslint-disable-next-line no-control-regex
                this.secrets.set(t, shimDecode(raw.replace(/\r/g, '\u0000')).replace(/\u0000/g, '\r'));
                return t;
            });
            return {status: r.status, finalpath: target, contenttype: String(r.headers['content-type'] ?? ''), body: redacted,
                truncated: false, location: ''};
        }
    }

    /**
     * Applies the armed rewrites to an answer.
     *
     * @param method request method
     * @param target path with query
     * @param body the body
     * @returns the body as the engine gets it
     */
    private rewrite(method: string, target: string, body: string): string {
        let out = body;
        for (const w of this.rewrites) {
            if (w.count > 0 && w.path === target.split('?')[0] && (!w.method || w.method === method)) {
                const changed = out.replace(w.from, w.to);
                if (changed !== out) {
                    w.count--;
                    out = changed;
                }
            }
        }
        return out;
    }

    async kafLogin(username: string, password: string, kafuri = ''): Promise<{loggedin: boolean; kafhost: string}> {
        // As kaf_session::door(): a corrected kaf_uri for this session must name the KAF kaf_uri names; without one,
        // kaf_uri itself must be https://host. Nothing is saved.
        const stored = this.state.settings.kaf_uri;
        if (kafuri ? kafHostOf(kafuri) === null || kafHostOf(kafuri) !== kafHostOf(stored) : !CANONICAL_KAF_URI.test(stored)) {
            throw new ServiceError('kafuribad', 'kaf_uri is not https://host');
        }
        const page = await this.fetchKaf('GET', '/admin', []);
        const doc = new DOMParser().parseFromString(page.body, 'text/html');
        const form = doc.querySelector('form input[name="Login[password]"]')?.closest('form');
        if (!form) {
            if (doc.getElementById('logout-button')) {
                return {loggedin: true, kafhost: new URL(this.opts.kafUri).host};
            }
            throw new ServiceError('kafunexpectedpage', 'no login form');
        }
        const fields: Field[] = Array.from(form.querySelectorAll('input[name]')).map((i) => ({
            name: i.getAttribute('name') ?? '', value: i.getAttribute('value') ?? ''}));
        const given: Record<string, string> = {'Login[username]': username, 'Login[password]': password};
        for (const f of fields) {
            f.value = given[f.name] ?? f.value;
        }
        const r = await this.fetchKaf('POST', form.getAttribute('action') ?? '/admin/authenticate', fields);
        if (!r.body.includes('id="logout-button"')) {
            throw new ServiceError('kafbadcredentials', 'KAF did not accept the credentials');
        }
        return {loggedin: true, kafhost: new URL(this.opts.kafUri).host};
    }

    async kafRequest(method: HttpMethod, path: string, fields: Field[]): Promise<KafResponse> {
        const r = await this.fetchKaf(method, path, fields);
        if (path.startsWith('/admin') && r.body.includes('name="Login[password]"') && !r.body.includes('id="logout-button"')) {
            throw new ServiceError('kafnotloggedin', 'KAF sent us back to its login page');
        }
        return r;
    }

    /**
     * A Moodle setting in the open run's snapshot (journal::snapshot_settings).
     *
     * @param name the setting
     * @returns its value there, or undefined
     */
    private snapshotSetting(name: string): string | undefined {
        const run = this.runs.find((r) => r.status === 'running');
        const snap = run ? this.snapshots.get(run.id) : undefined;
        return snap ? (JSON.parse(snap) as {moodle?: Record<string, string>}).moodle?.[name] : undefined;
    }

    async saveSettings(changes: Field[]): Promise<State> {
        this.moodleFault('saveSettings');
        const allowed = ['kaf_uri', 'uri', 'lti_version', 'partner_id', 'enable_logging', 'enable_submission'];
        for (const c of changes) {
            if (!allowed.includes(c.name)) {
                throw new ServiceError('settingunknown', c.name);
            }
            // As settings_validator: https://host, or (a rollback) the value the open run's snapshot holds, same KAF.
            if (c.name === 'kaf_uri' && !CANONICAL_KAF_URI.test(c.value) && !(c.value === this.snapshotSetting('kaf_uri')
                && kafHostOf(c.value) === kafHostOf(this.state.settings.kaf_uri))) {
                throw new ServiceError('settinginvalid', 'kaf_uri');
            }
            if (c.name === 'lti_version' && !['LTI-1p0', '1.3.0'].includes(c.value)) {
                throw new ServiceError('settinginvalid', 'lti_version');
            }
        }
        const s = this.state.settings as unknown as Record<string, string>;
        for (const c of changes) {
            if (s[c.name] !== c.value) {
                this.configLog.push({name: c.name, oldvalue: s[c.name] ?? '', value: c.value});
                s[c.name] = c.value;
            }
        }
        this.refreshUrls();
        return this.getState();
    }

    /**
     * The shim's save_tool_type: allowed fields and values only, the client id unique, all or nothing.
     *
     * @param typeid the tool type
     * @param changes field changes
     * @returns the tool type now
     */
    async saveToolType(typeid: number, changes: Field[]): Promise<ToolType> {
        this.moodleFault('saveToolType');
        const tool = this.state.lti.tooltypes.find((t) => t.id === typeid);
        if (!tool) {
            throw new ServiceError('tooltypeunknown', String(typeid));
        }
        const rules: Record<string, (v: string) => boolean> = {
            ltiversion: (v) => ['LTI-1p0', '1.3.0'].includes(v),
            clientid: (v) => /^[A-Za-z0-9._-]{1,255}$/.test(v),
            keytype: (v) => ['RSA_KEY', 'JWK_KEYSET'].includes(v),
            publickeyset: (v) => /^https?:\/\//.test(v),
            initiatelogin: (v) => /^https?:\/\//.test(v),
            redirectionuris: (v) => /^https?:\/\//.test(v),
            ltiservice_gradesynchronization: (v) => ['0', '1', '2'].includes(v),
        };
        for (const c of changes) {
            const rule = rules[c.name];
            if (!rule) {
                throw new ServiceError('tooltypefieldunknown', c.name);
            }
            if (!rule(c.value) && !(c.value === '' && c.name !== 'ltiversion')) {
                throw new ServiceError('tooltypeinvalid', c.name);
            }
            const other = this.state.lti.tooltypes.find((t) => t.id !== typeid && t.clientid === c.value);
            if (c.name === 'clientid' && c.value !== '' && other) {
                throw new ServiceError('tooltypeclientidtaken', other.name);
            }
        }
        const record = tool as unknown as Record<string, string>;
        for (const c of changes) {
            record[c.name] = c.value;
        }
        return JSON.parse(JSON.stringify(tool)) as ToolType;
    }

    /**
     * A run by id.
     *
     * @param id run id (0 = latest)
     * @returns the run
     */
    private run(id: number): RunSummary {
        const r = id === 0 ? this.runs[this.runs.length - 1] : this.runs.find((x) => x.id === id);
        if (!r) {
            throw new ServiceError('invalidrecord', 'no run ' + id);
        }
        return r;
    }

    async runStart(kind: RunKind, plan: string): Promise<RunSummary> {
        const busy = this.runs.find((r) => r.status === 'running');
        if (busy) {
            throw new ServiceError('runinprogress', `Run ${busy.id} started by Admin User is in progress.`);
        }
        const r: RunSummary = {id: this.runs.length + 1, kind, status: 'running', userid: 2, userfullname: 'Admin User',
            timestarted: Math.floor(Date.now() / 1000), timefinished: 0, plan, steps: []};
        this.runs.push(r);
        return structuredClone(r);
    }

    async runStep(runid: number, name: string, status: StepStatusName, timestarted: number, durationms: number,
            detail: string): Promise<{ok: boolean}> {
        const r = this.run(runid);
        if (r.status !== 'running') {
            throw new ServiceError('runnotrunning', String(runid));
        }
        if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(detail)) {
            throw new Error('a private key reached the journal');
        }
        const step: StepRecord = {name, status, timestarted, durationms, detail};
        const i = r.steps.findIndex((s) => s.name === name);
        if (i >= 0) {
            r.steps[i] = step;
        } else {
            r.steps.push(step);
        }
        return {ok: true};
    }

    async runSnapshot(runid: number, snapshot: string): Promise<{ok: boolean}> {
        if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(snapshot)) {
            throw new Error('a private key reached the snapshot');
        }
        this.snapshots.set(runid, snapshot);
        return {ok: true};
    }

    async runGetSnapshot(runid: number): Promise<{snapshot: string}> {
        return {snapshot: this.snapshots.get(runid) ?? ''};
    }

    async runFinish(runid: number, status: RunStatus, detail: string, keythumbprint = ''): Promise<RunSummary> {
        const r = this.run(runid);
        if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(detail)) {
            throw new Error('a private key reached the report');
        }
        if (keythumbprint !== '' && !/^[A-Za-z0-9_-]{43}$/.test(keythumbprint)) {
            throw new ServiceError('probebadthumbprint', keythumbprint);
        }
        if (status === 'completed' && r.kind === 'upgrade' && keythumbprint !== '') {
            this.verifiedThumbprint = keythumbprint;
        }
        r.status = status;
        this.finishDetails.set(runid, detail);
        r.timefinished = Math.floor(Date.now() / 1000);
        this.snapshots.delete(runid);
        return structuredClone(r);
    }

    async runGet(runid: number): Promise<RunSummary> {
        return structuredClone(this.run(runid));
    }

    /**
     * Writes that wait for the next call: here they run at once, in the order made, which is the order the shim's
     * batch runs them in, ahead of that call.
     *
     * @returns the writes
     */
    ahead(): Pick<Services, 'getState' | 'saveSettings' | 'saveToolType' | 'runStart'> {
        return this;
    }

    /**
     * The shim's lti_probe, answered by the shipped PHP probe itself (tests/integration/probe.php runs classes/local/lti_probe.php
     * with the door and the one probe rule), with this fake Moodle's wwwroot, kaf_uri and client id: the engine's
     * verification is tested against the rule that ships, not a copy of it.
     *
     * @param thumbprint the key the key set must hold
     * @param part which half to probe
     * @returns the probe's answer
     */
    async ltiProbe(thumbprint: string, part: ProbePart = 'both'): Promise<ProbeResult> {
        this.probes++;
        const input = JSON.stringify({wwwroot: this.state.moodle.wwwroot, kafuri: this.state.settings.kaf_uri,
            clientid: this.state.settings.client_id, thumbprint, part, timeoutms: this.opts.timeoutMs,
            cafile: this.opts.caFile ?? ''});
        const out = await new Promise<string>((resolve, reject) => {
            const php = spawn('php', [path.join(__dirname, 'probe.php')], {stdio: ['pipe', 'pipe', 'inherit']});
            const chunks: Buffer[] = [];
            php.stdout.on('data', (c: Buffer) => chunks.push(c));
            php.on('error', reject);
            php.on('close', (code) => (code === 0 ? resolve(Buffer.concat(chunks).toString('utf8'))
                : reject(new Error('probe.php exited with ' + String(code)))));
            php.stdin.end(input);
        });
        const r = JSON.parse(out) as ProbeResult | {exception: string};
        if ('exception' in r) {
            throw new ServiceError(r.exception, 'the door refused kaf_uri');
        }
        return r;
    }

    /** Forgets the KAF session cookie (as a new Moodle session would). */
    dropKafSession(): void {
        this.cookies.clear();
    }
}

