// Types shared by the engine modules and the page. Text for the admin is a message key plus params
// (component tool_kalturalti13), never English, so the page renders it with core/str.

import type {ServiceErrorCode} from './contract';

export type Params = Record<string, string | number>;

/** A string in lang/en/tool_kalturalti13.php and its {$a} params. */
export interface Message {
    key: string;
    params?: Params;
}

/**
 * Makes a message.
 *
 * @param key string key
 * @param params its {$a->...} params
 * @returns the message
 */
export function msg(key: string, params?: Params): Message {
    return params ? {key, params} : {key};
}

/** What the engine itself finds wrong at KAF or in the run, besides the shim's codes. */
export type EngineOwnCode = 'kafstatus' | 'kafrelogged' | 'kafformchanged' | 'kafsaverejected' | 'kafbackup'
    | 'planstale' | 'useridnokeep' | 'verifyfailed' | 'rollbackincomplete';

/** An EngineError's code: the shim's (when the failure came from it), the engine's own, or none. */
export type EngineErrorCode = ServiceErrorCode | EngineOwnCode | '';

/** The brand of an EngineError: recognised by this realm-wide symbol, not by class (one copy per AMD module). */
const ENGINE_ERROR = Symbol.for('tool_kalturalti13/EngineError');

/** A failure the engine explains: what is wrong and what to do, as a message. */
export class EngineError extends Error {
    readonly [ENGINE_ERROR] = true;
    readonly msg: Message;
    /** The shim's errorcode when the failure came from it, or the engine's own. */
    readonly errorcode: EngineErrorCode;

    /**
     * Makes the error.
     *
     * @param message what to show
     * @param errorcode the shim's or the engine's code, if any
     */
    constructor(message: Message, errorcode: EngineErrorCode = '') {
        super(message.key + (message.params ? ' ' + JSON.stringify(message.params) : ''));
        this.name = 'EngineError';
        this.msg = message;
        this.errorcode = errorcode;
    }
}

/**
 * Tells whether something thrown is an EngineError, from whichever module's copy of the class.
 *
 * @param e anything thrown
 * @returns true for an EngineError
 */
export function isEngineError(e: unknown): e is EngineError {
    return typeof e === 'object' && e !== null && (e as {[ENGINE_ERROR]?: unknown})[ENGINE_ERROR] === true;
}

// Preflight.

export type CheckId = 'moodleversion' | 'ltix' | 'kaltura' | 'kalturarelease' | 'https' | 'kafuri' | 'partnerid' | 'sitekey'
    | 'clientid' | 'adminsecret' | 'tooltypes' | 'moodlestate' | 'runinprogress' | 'kafversion' | 'kaflogin'
    | 'kafform' | 'kafstate' | 'kafkeys' | 'ltigrading' | 'userid' | 'coursetools' | 'insecurekaf';

export type CheckResult = 'pass' | 'warn' | 'fail';

export interface Check {
    id: CheckId;
    result: CheckResult;
    message: Message;
    /** Whole sentences shown after the message, one for each thing it found (the kaf_uri problems). */
    details?: Message[];
}

// Plan.

export type Where = 'kaf' | 'moodle' | 'tooltype' | 'ltigrading';

/** What a field becomes: a plain value, or one half of the key pair the run generates. */
export type Target =
    | {kind: 'value'; value: string}
    | {kind: 'newprivatekey'}
    | {kind: 'newpublickey'};

export interface Change {
    where: Where;
    field: string;
    /** The value now (a private key appears only as its secret token). */
    before: string;
    after: Target;
    /** Display forms: keys and secrets as fingerprints, everything else as is. */
    beforeDisplay: string;
    afterDisplay: string;
    /**
     * For where 'kaf': KAF's form does not show this field now (its LTI 1.3 fields appear only once 1.3 is saved), so
     * its value before is not known; it may hold one from an earlier upgrade.
     */
    beforeHidden?: boolean;
    /** For where 'tooltype': which External Tool type (lti_types id and name). */
    tool?: {id: number; name: string};
    /** An opt-in change: applied only when selected. */
    optional?: boolean;
    selected?: boolean;
}

/** How KAF shows the LTI 1.3 fields: present (maybe hidden), or rendered only once authMethod=1.3 was saved. */
export type Lti13Layout = 'present' | 'after-save';

/**
 * Whether users would keep their Kaltura ids (userid.ts): 'none' no risk; 'differs' the 1.3 mapping differs and the
 * plan can set the matching one (the opt-in lines); 'nofix' it differs and no 1.3 setting matches; 'unknown' this tool
 * cannot tell; 'aftersave' KAF shows its 1.3 user-id settings only after 1.3 is saved (the run compares them there).
 */
export type UserIdRisk = 'none' | 'differs' | 'nofix' | 'unknown' | 'aftersave';

/** The admin's informed choice where users may lose their ids: keep them (as far as possible) or accept the loss. */
export interface UserIdDecision {
    risk: UserIdRisk;
    choice: 'keep' | 'acknowledge' | null;
    /** The release of local_kaltura: what the 1.3 claim means (userid.ts), for the comparison between the two saves. */
    release: string;
}

export interface Plan {
    kind: 'upgrade' | 'revert';
    /** Upgrade plans: the user-id risk and the admin's choice (absent: no risk, e.g. an older stored plan). */
    userid?: UserIdDecision;
    changes: Change[];
    /** The authMethod option values discovered on the form. */
    authMethod: {lti11: string; lti13: string};
    layout: Lti13Layout;
    /** Why existing keys were kept or replaced (upgrade only). */
    keys: 'new' | 'keep' | 'none';
    /** The kaf_uri the run ends with, and Moodle's client id: what verification expects. */
    kafUri: string;
    clientId: string;
    wwwroot: string;
    /** The Video Quiz grade tools on the KAF host, and which one the plan upgrades (null: none). */
    tools?: {candidates: number[]; chosen: number | null; locked: boolean};
}

// Steps and progress.

export type StepName = 'start' | 'snapshot' | 'backup' | 'keys' | 'kaf' | 'moodle' | 'verify'
    | 'rollback' | 'rollbackverify' | 'finish';

export type StepState =
    | {status: 'pending'}
    | {status: 'running'; startedAt: number}
    | {status: 'done'; startedAt: number; durationMs: number; detail: Params}
    | {status: 'failed'; startedAt: number; durationMs: number; error: Message}
    | {status: 'skipped'; reason: Message};

export interface StepUpdate {
    step: StepName;
    state: StepState;
}

export type ProgressListener = (update: StepUpdate) => void;

// Results.

/** One thing verification checked, with what it saw. */
export interface Evidence {
    id: 'hostedfields' | 'unplanned' | 'keyset' | 'oidc' | 'moodlesettings' | 'ltigrading' | 'tooltypes' | 'userids';
    ok: boolean;
    message: Message;
}

/** Where a side stands after a failed rollback, for the admin to finish by hand. */
export interface SideState {
    where: Where;
    restored: boolean;
    /** The side could not be read back after the rollback (KAF down): what differs is not known, differences empty. */
    unread?: true;
    /** Fields still different from the snapshot: name, value now (token/fingerprint for keys), value wanted. */
    differences: Array<{field: string; now: string; wanted: string; absent?: true}>;
}

export type RunOutcome =
    | {status: 'nothingtodo'; message: Message}
    | {status: 'completed'; runid: number; evidence: Evidence[]; keyThumbprint: string}
    | {status: 'rolledback'; runid: number; error: Message; evidence: Evidence[]}
    | {status: 'rollbackfailed'; runid: number; error: Message; sides: SideState[]; message: Message}
    | {status: 'failed'; runid: number; error: Message};
