// Connecting to KAF: login, /version, the Hosted page and its current keys, and the checks after login.

import {errorMessage, EngineError} from './errors';
import {hostedValue, LTIGRADING_PATH, type HostedView, type KafView} from './hosted';
import {openBackup} from './kaf/backup';
import {KafClient, type Credentials} from './kaf/client';
import {hosted as readHosted, module, version as kafVersion} from './kaf/console';
import {probe} from './kaf/lti';
import {checkKafUri, KAFURI_PROBLEM} from './kafuri';
import {chooseBackend, thumbprint, type KeyBackend} from './keys';
import {msg, type Check, type CheckId, type Message, type RunOutcome, type Services, type State, type StepUpdate} from './model';
import {preflightKaf} from './preflight';
import {openAhead, type OpenedAhead} from './wire';

/** What the page passes to the engine's connect and runs. */
export interface EngineOptions {
    /** Step updates for the page's live list. */
    onProgress?: (update: StepUpdate) => void;
    /** The outcome as soon as it is known, before the run is closed on the server (the run's promise waits for that). */
    onOutcome?: (outcome: RunOutcome) => void;
    /** Loads the node-forge backend (services.loadForgeBackend); used only where crypto.subtle is missing. */
    loadForge?: () => Promise<KeyBackend>;
    /** A key backend to use instead (tests). */
    backend?: KeyBackend;
    /** Clock in ms (tests). */
    now?: () => number;
    /** Pause before retrying a transient KAF failure (ms). */
    retryDelayMs?: number;
}

/** A logged-in KAF session with what was read after login. Close it (or finish a run) to drop the credentials. */
export interface Connection {
    services: Services;
    session: KafClient;
    /** Moodle's state, as it was read (a kaf_uri correction is in the plan, not applied yet). */
    state: State;
    kaf: KafView;
    backend: KeyBackend;
    /** The kaf_uri correction the session logged in with and the plan applies, if any. */
    kafUriFixed: {before: string; after: string} | null;
    /**
     * The Backup Configuration page, opened once connected (a read that changes nothing): a run uses it only while it
     * is still the last page KAF rendered (wire.ts stillLastPage).
     */
    backupPage: OpenedAhead | null;
}

export type ConnectResult =
    | {ok: true; connection: Connection; checks: Check[]}
    | {ok: false; checks: Check[]; error: Message};

/**
 * Reads what KAF holds: the Hosted page, and whether its current public key is the one its key set publishes.
 *
 * @param session the session
 * @param backend key crypto
 * @param hosted the Hosted page, when already read
 * @returns the view
 */
export async function readKafView(session: KafClient, backend: KeyBackend, hosted?: HostedView): Promise<KafView> {
    const view = hosted ?? await readHosted(session);
    const pem = hostedValue(view, 'lti13ServicePublicKey');
    if (pem.trim() === '') {
        return {hosted: view, publicThumbprint: '', publicInKeySet: false};
    }
    let jwk;
    try {
        jwk = await backend.publicJwk(pem);
    } catch {
        return {hosted: view, publicThumbprint: '', publicInKeySet: false};
    }
    const tp = await thumbprint(backend, jwk);
    // The server's probe rule says whether KAF publishes this key (an RSA key of 2048 bits or more, by thumbprint).
    const found = await probe(session, tp, 'keyset');
    return {hosted: view, publicThumbprint: tp, publicInKeySet: found.keyset.matched};
}

/**
 * A failed connect: the check that failed, the session closed.
 *
 * @param session the session (closed here)
 * @param id the check
 * @param e what was thrown
 * @returns the result
 */
function failed(session: KafClient | null, id: CheckId, e: unknown): ConnectResult {
    session?.close();
    const error = errorMessage(e);
    return {ok: false, checks: [{id, result: 'fail', message: error}], error};
}

/**
 * Picks the key backend.
 *
 * @param opts options
 * @returns the backend
 */
export async function keyBackend(opts: EngineOptions): Promise<KeyBackend> {
    if (opts.backend) {
        return opts.backend;
    }
    return chooseBackend(opts.loadForge ?? (() => Promise.reject(new EngineError(msg('engine_err_nocrypto')))));
}

/**
 * The kaf_uri correction, when asked: the session logs in at the corrected URI (KAF login needs https://host), and the
 * plan carries the correction as a Moodle change, so it is saved with the run, journalled and rolled back with it.
 * Nothing is saved here: a login that fails leaves kaf_uri as it was.
 *
 * @param state Moodle's state
 * @param fix whether the admin accepted the correction
 * @returns the correction (null when none is needed), or the failed check
 */
function fixKafUri(state: State, fix: boolean): {fixed: Connection['kafUriFixed']} | ConnectResult {
    const c = checkKafUri(state.settings.kaf_uri);
    if (c.status === 'ok') {
        return {fixed: null};
    }
    if (c.status !== 'fixable' || !fix) {
        const error = c.status === 'fixable' ? msg('engine_pf_kafurifix', {value: c.value, fixed: c.fixed})
            : msg('engine_pf_kafuriinvalid', {value: state.settings.kaf_uri});
        const failed: Check = {id: 'kafuri', result: 'fail', message: error};
        if (c.status === 'fixable') {
            failed.details = c.problems.map((p) => msg(KAFURI_PROBLEM[p]));
        }
        return {ok: false, checks: [failed], error};
    }
    return {fixed: {before: c.value, after: c.fixed}};
}

/**
 * Logs in at KAF and reads what the plan needs; the credentials stay in the returned session only.
 *
 * @param services the shim
 * @param state Moodle's state (get_state)
 * @param creds KAF admin credentials
 * @param opts options; fixKafUri: apply the offered kaf_uri correction first (login needs it)
 * @returns the connection and the checks after login, or the failed check
 */
export async function connect(services: Services, state: State, creds: Credentials,
        opts: EngineOptions & {fixKafUri?: boolean} = {}): Promise<ConnectResult> {
    const fixed = fixKafUri(state, opts.fixKafUri ?? false);
    if ('ok' in fixed) {
        return fixed;
    }
    const session = new KafClient(services, creds, {retryDelayMs: opts.retryDelayMs, kafUri: fixed.fixed?.after});
    try {
        await session.login();
    } catch (e) {
        return failed(session, 'kaflogin', e);
    }
    let version: string;
    try {
        version = await kafVersion(session);
    } catch (e) {
        return failed(session, 'kafversion', e);
    }
    let hosted: HostedView;
    try {
        hosted = await readHosted(session);
    } catch (e) {
        return failed(session, 'kafform', e);
    }
    try {
        const backend = await keyBackend(opts);
        // The Ltigrading page does not depend on the keys: read it beside them.
        const [kaf, ltigrading] = await Promise.all([readKafView(session, backend, hosted),
            module(session, LTIGRADING_PATH).catch(() => null)]);
        kaf.ltigrading = ltigrading;
        // The run's first KAF page, opened now, while the plan is read: the click then starts with the backup's post.
        const connection: Connection = {services, session, state: state, kaf, backend, kafUriFixed: fixed.fixed,
            backupPage: openAhead(session, () => openBackup(session, hosted.links))};
        return {ok: true, connection, checks: preflightKaf(state, kaf, version)};
    } catch (e) {
        return failed(session, 'kafkeys', e);
    }
}
