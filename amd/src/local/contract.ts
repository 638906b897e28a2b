// The contract between the page and the shim (docs/contract.md), as types only: what each external function takes
// and returns, and the error codes it throws. Both the core/ajax binding (services.ts, shim.ts) and the engine
// import from here, so no module that binds core/ajax is a dependency of the engine's types.

/** The codes of the one door to KAF: KAF could not be asked, or the request was refused before it left. */
export type DoorErrorCode = 'kafunreachable' | 'kaftimeout' | 'kaftlserror' | 'kafhostrefused' | 'kafpathrefused'
    | 'kafmethodrefused' | 'kafuribad' | 'kafunexpectedpage';

/** Every error code the shim throws (docs/contract.md). */
export type ShimErrorCode = DoorErrorCode | 'kafbadcredentials' | 'kafnotloggedin' | 'secretunknown' | 'settingunknown'
    | 'settinginvalid' | 'runinprogress' | 'runlockbusy' | 'runnotfound' | 'runnotrunning' | 'runbadjson' | 'runbadkind'
    | 'runbadstatus' | 'runbadstep' | 'kalturamissing' | 'probebadthumbprint' | 'tooltypeunknown'
    | 'tooltypefieldunknown' | 'tooltypeinvalid' | 'tooltypeclientidtaken'
    | 'secretmisplaced';

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
    insecurekaf?: boolean;
}

export interface KalturaInfo {
    installed: boolean;
    release: string;
    version: string;
    hasauth: boolean;
}

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

export interface SiteUrls {
    auth: string;
    token: string;
    certs: string;
}

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
    lti: {sitekey: boolean; kid: boolean; tooltypes: ToolType[]; clientidtype: number; coursetools?: CourseTool[]};
    run: RunSummary | null;
    /** What the latest upgrade changed trace logging from, while it is the latest finished run; '' otherwise. */
    beforeupgrade: {enable_logging: string};
}

export interface Field {
    name: string;
    value: string;
}

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
