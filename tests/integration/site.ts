// The Moodle side of the integration tier: a site's settings, tool types and journal kept in memory, with every
// rule and every KAF exchange answered by the shipped PHP (phpshim.ts: the KAF gateway with its door, login, cookie
// jar and redactor; the settings and tool-type rules; the LTI probe). Faults and changed KAF pages are armed here.

import {PhpShim} from './phpshim';
import {ServiceError} from '../../amd/src/local/shim';
import type {ProbePart} from '../../amd/src/local/model';
import type {Field, HttpMethod, KafResponse, ProbeResult, RunKind, RunStatus, RunSummary, Services, State, StepRecord,
    StepStatusName, ToolType} from '../../amd/src/services';

export interface SiteOptions {
    kafUri: string;
    /** The CA file the PHP door trusts (the simulator's test CA). */
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

const PRIVATE_KEY = /-----BEGIN [A-Z ]*PRIVATE KEY-----/;

/**
 * Fails the test when a private key reaches what Moodle keeps.
 *
 * @param text what would be kept
 * @param where where
 */
function noKey(text: string, where: string): void {
    if (PRIVATE_KEY.test(text)) {
        throw new Error('a private key reached the ' + where);
    }
}

export class TestSite implements Services {
    readonly configLog: Array<{name: string; oldvalue: string; value: string}> = [];
    readonly runs: RunSummary[] = [];
    readonly snapshots = new Map<number, string>();
    readonly moodleFaults: MoodleFault[] = [];
    /** Changes to KAF's answers, for pages KAF changed (e.g. a relabelled button). */
    readonly rewrites: BodyRewrite[] = [];
    /** The detail run_finish got, per run. */
    readonly finishDetails = new Map<number, string>();
    /** The key thumbprint a completed upgrade's run_finish recorded (the status check's reference), '' before. */
    verifiedThumbprint = '';
    /** How many times lti_probe was called. */
    probes = 0;
    readonly php: PhpShim;
    state: State;

    /**
     * Makes the site.
     *
     * @param opts where KAF is, and Moodle's settings
     */
    constructor(opts: SiteOptions) {
        this.php = new PhpShim(opts.caFile ?? '', opts.timeoutMs ?? 1500);
        const wwwroot = opts.wwwroot ?? 'https://moodle.example';
        this.state = {
            moodle: {release: '4.3.2 (Build: 20231222)', version: '2023100902', branch: '403', wwwroot, https: true,
                requires: '2023042400', supportedfrom: 402, supportedto: 501, ltix: false, insecurekaf: false},
            kaltura: {installed: true, release: '4.4.2', version: '2024051000', hasauth: true},
            settings: {kaf_uri: opts.kafUri, uri: 'www.kaltura.com', lti_version: 'LTI-1p0', partner_id: '12345',
                client_id: 'AbCdEfGhIjKlMnO', enable_logging: '0', enable_submission: '0', guest_support: null,
                adminsecretset: true, ...opts.settings},
            urls: {auth: wwwroot + '/local/kaltura/auth.php', token: wwwroot + '/mod/lti/token.php',
                certs: wwwroot + '/mod/lti/certs.php'},
            lti: {sitekey: true, kid: true, tooltypes: [], clientidtype: 0, coursetools: []},
            run: null,
            beforeupgrade: {enable_logging: ''},
        };
    }

    /** The last Moodle call: each waits for the one before, as the shim runs a batch's calls in order. */
    private last: Promise<unknown> = Promise.resolve();

    /**
     * Runs a Moodle call after the calls made before it.
     *
     * @param call the call
     * @returns its result
     */
    private inOrder<T>(call: () => Promise<T>): Promise<T> {
        const p = this.last.then(call, call);
        this.last = p.catch(() => undefined);
        return p;
    }

    /** Every KAF request the door sent: "METHOD /path". */
    get requests(): string[] {
        return this.php.sent;
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

    getState(): Promise<State> {
        return this.inOrder(() => this.getStateNow());
    }

    private async getStateNow(): Promise<State> {
        this.moodleFault('getState');
        const holder = this.state.lti.tooltypes.find((t) => t.clientid !== '' && t.clientid === this.state.settings.client_id);
        this.state.lti.clientidtype = holder ? holder.id : 0;
        const running = this.runs.find((r) => r.status === 'running') ?? null;
        const last = this.runs.filter((r) => r.status !== 'running').at(-1);
        const before = last ? await this.php.call<string>('last_upgrade', {kind: last.kind, status: last.status,
            plan: last.plan, name: 'enable_logging'}) : '';
        return structuredClone({...this.state, run: running, beforeupgrade: {enable_logging: before}});
    }

    async kafLogin(username: string, password: string, kafuri = ''): Promise<{loggedin: boolean; kafhost: string}> {
        return this.php.call('kaf_login', {stored: this.state.settings.kaf_uri, username, password, kafuri});
    }

    async kafRequest(method: HttpMethod, path: string, fields: Field[]): Promise<KafResponse> {
        const r = await this.php.call<KafResponse>('kaf_request', {stored: this.state.settings.kaf_uri, method, path, fields});
        for (const w of this.rewrites) {
            if (w.count > 0 && w.path === r.finalpath.split('?')[0] && (!w.method || w.method === method)) {
                const changed = r.body.replace(w.from, w.to);
                if (changed !== r.body) {
                    w.count--;
                    r.body = changed;
                }
            }
        }
        return r;
    }

    saveSettings(changes: Field[]): Promise<State> {
        return this.inOrder(() => this.saveSettingsNow(changes));
    }

    private async saveSettingsNow(changes: Field[]): Promise<State> {
        this.moodleFault('saveSettings');
        const run = this.runs.find((r) => r.status === 'running');
        const snap = run ? this.snapshots.get(run.id) : undefined;
        const putback = snap ? (JSON.parse(snap) as {moodle?: Record<string, string>}).moodle ?? {} : {};
        const s = this.state.settings as unknown as Record<string, string>;
        const writes = await this.php.call<Record<string, string>>('validate_settings', {changes, current: s,
            putback: Array.isArray(putback) ? {} : putback});
        for (const [name, value] of Object.entries(Array.isArray(writes) ? {} : writes)) {
            this.configLog.push({name, oldvalue: s[name] ?? '', value});
            s[name] = value;
        }
        return this.getStateNow();
    }

    /**
     * The shim's save_tool_type: each change passes tool_types::check, the client id is unique, all or nothing.
     *
     * @param typeid the tool type
     * @param changes field changes
     * @returns the tool type now
     */
    saveToolType(typeid: number, changes: Field[]): Promise<ToolType> {
        return this.inOrder(() => this.saveToolTypeNow(typeid, changes));
    }

    private async saveToolTypeNow(typeid: number, changes: Field[]): Promise<ToolType> {
        this.moodleFault('saveToolType');
        const tool = this.state.lti.tooltypes.find((t) => t.id === typeid);
        if (!tool) {
            throw new ServiceError('tooltypeunknown', String(typeid));
        }
        for (const c of changes) {
            await this.php.call('tool_type_check', {name: c.name, value: c.value});
            const other = this.state.lti.tooltypes.find((t) => t.id !== typeid && t.clientid === c.value);
            if (c.name === 'clientid' && c.value !== '' && other) {
                throw new ServiceError('tooltypeclientidtaken', other.name);
            }
        }
        const record = tool as unknown as Record<string, string>;
        for (const c of changes) {
            record[c.name] = c.value;
        }
        return structuredClone(tool);
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
        noKey(detail, 'journal');
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
        noKey(snapshot, 'snapshot');
        this.snapshots.set(runid, snapshot);
        return {ok: true};
    }

    async runGetSnapshot(runid: number): Promise<{snapshot: string}> {
        return {snapshot: this.snapshots.get(runid) ?? ''};
    }

    async runFinish(runid: number, status: RunStatus, detail: string, keythumbprint = ''): Promise<RunSummary> {
        const r = this.run(runid);
        noKey(detail, 'report');
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
     * The shim's lti_probe, answered by the shipped probe (classes/local/lti_probe.php with the door and its rule),
     * with this site's wwwroot, kaf_uri and client id.
     *
     * @param thumbprint the key the key set must hold
     * @param part which half to probe
     * @returns the probe's answer
     */
    async ltiProbe(thumbprint: string, part: ProbePart = 'both'): Promise<ProbeResult> {
        this.probes++;
        const where = {wwwroot: this.state.moodle.wwwroot, kafuri: this.state.settings.kaf_uri,
            clientid: this.state.settings.client_id};
        return {...where, ...await this.php.call<Omit<ProbeResult, keyof typeof where>>('lti_probe', {...where, thumbprint, part})};
    }

    /** Forgets the KAF session (as a new Moodle session would). */
    async dropKafSession(): Promise<void> {
        await this.php.call('forget_session');
    }
}
