// The data model: what the page and the shim send each other (as db/contract.json says; tests/build/contract.test.ts
// holds these types to it), and what the engine makes of it. Text for the admin is a message key plus params, never
// English, so the page renders it with core/str.

/** The codes of the one door to KAF (db/contract.json, errors.door): KAF could not be asked, or the request was refused. */
export const DOOR_CODES = ['kafunreachable', 'kaftimeout', 'kaftlserror', 'kafhostrefused', 'kafpathrefused',
    'kafmethodrefused', 'kafuribad', 'kafunexpectedpage'] as const;
export type DoorErrorCode = typeof DOOR_CODES[number];

/** Every error code the shim throws: the door's and db/contract.json's errors.other, each with a string of its name. */
export const SHIM_CODES = [...DOOR_CODES, 'kafbadcredentials', 'kafnotloggedin', 'secretunknown', 'secretmisplaced',
    'settingunknown', 'settinginvalid', 'runinprogress', 'runlockbusy', 'runnotfound', 'runnotrunning', 'runbadjson',
    'runbadkind', 'runbadstatus', 'runbadstep', 'kalturamissing', 'probebadthumbprint', 'tooltypeunknown',
    'tooltypefieldunknown', 'tooltypeinvalid', 'tooltypeclientidtaken'] as const;
export type ShimErrorCode = typeof SHIM_CODES[number];

/** A code outside the shim's list (Moodle's own, e.g. invalidsesskey) is carried as 'unknown' with its raw text. */
export type ServiceErrorCode = ShimErrorCode | 'unknown';

/** Which half of the LTI probe to run ('both' is the status check's). */
export type ProbePart = 'both' | 'keyset' | 'oidc';

export interface MoodleInfo {
    release: string;
    version: string;
    branch: string;
    wwwroot: string;
    https: boolean;
    /** The Moodle version this plugin's version.php requires ("2023042400"). */
    requires: string;
    /** The branches this plugin's version.php claims (402 and 501); 0 when it declares no range. */
    supportedfrom: number;
    supportedto: number;
    /** Whether this Moodle has the core_ltix subsystem (forks; no release yet). */
    ltix: boolean;
    /** $CFG->tool_kalturalti13_allow_insecure_kaf is on (tests only: address and curl security rules relaxed). */
    insecurekaf: boolean;
}

export interface KalturaInfo {installed: boolean; release: string; version: string; hasauth: boolean}

export interface KalturaSettings {
    kaf_uri: string;
    uri: string;
    lti_version: string;
    partner_id: string;
    client_id: string;
    enable_logging: string;
    enable_submission: string;
    /** Null when the setting does not exist in this local_kaltura release. */
    guest_support: string | null;
    adminsecretset: boolean;
}

export interface SiteUrls {auth: string; token: string; certs: string}

/** The tool type fields the upgrade may change (lti_types columns and mod_lti's lti_types_config names). */
export type ToolField = 'ltiversion' | 'clientid' | 'keytype' | 'publickeyset' | 'initiatelogin' | 'redirectionuris'
    | 'ltiservice_gradesynchronization';

/** A Video Quiz grade tool: an External Tool type on the KAF host. Config values are '' when absent. */
export interface ToolType extends Record<ToolField, string> {
    id: number;
    name: string;
    baseurl: string;
    activitycount: number;
    /** A few of the activities using it. */
    activities: Array<{course: string; name: string}>;
}

export type StepStatusName = 'pending' | 'running' | 'done' | 'failed' | 'skipped';
export type RunKind = 'upgrade' | 'revert';
export type RunStatus = 'running' | 'completed' | 'failed' | 'rolledback' | 'rollbackfailed';

export interface StepRecord {
    name: string;
    status: StepStatusName;
    timestarted: number;
    durationms: number;
    /** JSON, no secrets. */
    detail: string;
}

export interface RunSummary {
    id: number;
    kind: RunKind;
    status: RunStatus;
    userid: number;
    userfullname: string;
    timestarted: number;
    timefinished: number;
    /** JSON of the plan. */
    plan: string;
    steps: StepRecord[];
}

/** A course-level External tool on the KAF host: listed, never upgraded (only site-level tools are grade tools). */
export interface CourseTool {
    id: number;
    name: string;
    courseid: number;
    /** The course's short name. */
    course: string;
    activitycount: number;
}

export interface State {
    moodle: MoodleInfo;
    kaltura: KalturaInfo;
    settings: KalturaSettings;
    urls: SiteUrls;
    /** The clientidtype is the lti_types id that holds local_kaltura's client id (0 when none). */
    lti: {sitekey: boolean; kid: boolean; tooltypes: ToolType[]; clientidtype: number; coursetools: CourseTool[]};
    run: RunSummary | null;
    /** What the latest upgrade changed trace logging from, while it is the latest finished run; '' otherwise. */
    beforeupgrade: {enable_logging: string};
}

export interface Field {name: string; value: string}

export type HttpMethod = 'GET' | 'POST';

export interface KafResponse {
    status: number;
    finalpath: string;
    contenttype: string;
    body: string;
    truncated: boolean;
    /** An off-host redirect target, not followed; "" otherwise. */
    location: string;
}

/** What the server's probe rule found wrong with KAF's key set ('' = nothing). */
export type KeySetProblem = '' | 'kafrequest' | 'keysetstatus' | 'keysetjson' | 'keysetempty' | 'keysetweak' | 'keysetchanged';

/**
 * The answer of lti_probe: KAF's public key set and an OIDC login initiation with this site's issuer and client id, judged
 * on the server by the one probe rule the status check also uses (docs/contract.md, docs/status-check.md).
 */
export interface ProbeResult {
    wwwroot: string;
    kafuri: string;
    clientid: string;
    keyset: {
        problem: KeySetProblem;
        httpstatus: number;
        /** The door's error code when KAF did not answer, '' otherwise. */
        error: DoorErrorCode | '';
        /** The thumbprint compared with ('' = none). */
        expected: string;
        /** Whether an RSA key of 2048 bits or more with that thumbprint is in the set. */
        matched: boolean;
        thumbprint: string;
        bits: number;
        kid: string;
        keys: Array<{kid: string; kty: string; bits: number; thumbprint: string}>;
    };
    oidc: {
        httpstatus: number;
        /** Where KAF redirects the login to ('' when it did not redirect off its host). */
        location: string;
        /** What local/kaltura/auth.php would refuse: 'location', 'target' or a parameter name; [] when right. */
        problems: string[];
        excerpt: string;
        error: DoorErrorCode | '';
    };
}

/** Everything the engine may ask of the server. */
export interface Services {
    getState(): Promise<State>;
    /** With kafuri: the page's correction of kaf_uri, used for this session only (the run saves it); '' for kaf_uri as stored. */
    kafLogin(username: string, password: string, kafuri?: string): Promise<{loggedin: boolean; kafhost: string}>;
    kafRequest(method: HttpMethod, path: string, fields: Field[]): Promise<KafResponse>;
    saveSettings(changes: Field[]): Promise<State>;
    saveToolType(typeid: number, changes: Field[]): Promise<ToolType>;
    /**
     * The same calls, made to wait for the next call and go ahead of it in its Moodle request. The server runs
     * nothing after a write that fails, so the call a write goes ahead of happens only when the write did; a read
     * that fails costs only itself.
     */
    ahead(): Pick<Services, 'getState' | 'saveSettings' | 'saveToolType' | 'runStart'>;
    runStart(kind: RunKind, plan: string): Promise<RunSummary>;
    runStep(runid: number, name: string, status: StepStatusName, timestarted: number, durationms: number,
        detail: string): Promise<{ok: boolean}>;
    runSnapshot(runid: number, snapshot: string): Promise<{ok: boolean}>;
    runGetSnapshot(runid: number): Promise<{snapshot: string}>;
    /** Finishes the run; a completed upgrade passes the thumbprint of the key it verified (the status check's reference). */
    runFinish(runid: number, status: RunStatus, detail: string, keythumbprint?: string): Promise<RunSummary>;
    runGet(runid: number): Promise<RunSummary>;
    /**
     * KAF's key set (against the key with this thumbprint) and login initiation, judged by the server; `part` asks for
     * one half only (the other comes back unprobed), so that the two can run side by side.
     */
    ltiProbe(thumbprint: string, part?: ProbePart): Promise<ProbeResult>;
}

// Messages.

export type Params = Record<string, string | number>;

/** A string in lang/en/tool_kalturalti13.php and its {$a} params. */
export interface Message {
    key: string;
    params?: Params;
    /** The server's own text for this key (a shim error, filled with params the page does not get): shown as it is. */
    text?: string;
    /** The string's {$a} when it takes one value (a door code's string, filled by the page with KAF's address). */
    a?: string;
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
