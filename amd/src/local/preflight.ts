// Preflight: each check pass / warn / fail with a message that says what is wrong and what to do.
// The local part needs get_state alone (shown on page load); the KAF part needs the login. Pure.

import {type RunKind, type State, type ToolType, msg, type Check, type CheckId, type CheckResult, type Message} from './model';
import type {KafView} from './hosted';
import {hostedValue} from './hosted';
import {checkKafUri, KAFURI_PROBLEM} from './kafuri';
import {LTI13} from './ltiwords';
import {keepKeys} from './plan';
import {chooseTool, siteTools, toolUpgraded} from './tooltypes';
import {mappingDiffers, userIdMapping} from './userid';
export {parseRelease, compareVersions} from './release';
import {compareVersions, parseRelease, releaseLabel} from './release';

const RECOMMENDED_RELEASE = [4, 4, 2];

/**
 * Makes a check.
 *
 * @param id which check
 * @param result pass, warn or fail
 * @param key message key
 * @param params message params
 * @returns the check
 */
function check(id: CheckId, result: CheckResult, key: string, params?: Message['params']): Check {
    return {id, result, message: msg(key, params)};
}

/**
 * A Moodle branch as people write it: 402 is "4.2", 501 is "5.1".
 *
 * @param branch the branch number
 * @returns its release name
 */
export function branchLabel(branch: number): string {
    return `${Math.floor(branch / 100)}.${branch % 100}`;
}

/**
 * The Moodle version check, against what version.php declares (get_state reports it): below `requires` fails, a
 * branch above the supported range is a warning (not tested there), anything else passes.
 *
 * @param state Moodle's state
 * @returns the check
 */
function moodleVersionCheck(state: State): Check {
    const m = state.moodle;
    const range = {release: m.release, from: branchLabel(m.supportedfrom), to: branchLabel(m.supportedto)};
    if (Number(m.version) < Number(m.requires)) {
        return check('moodleversion', 'fail', 'engine_pf_moodleold', range);
    }
    if (m.supportedto > 0 && Number(m.branch) > m.supportedto) {
        return check('moodleversion', 'warn', 'engine_pf_moodlenewer', range);
    }
    return check('moodleversion', 'pass', 'engine_pf_moodleok', {release: m.release});
}

/**
 * The core_ltix check: a Moodle with core_ltix (forks) may keep LTI tool types and keys apart from mod_lti, which is
 * what this tool writes; nothing has been tested there.
 *
 * @param state Moodle's state
 * @returns the check, or null on a Moodle without core_ltix
 */
function ltixCheck(state: State): Check | null {
    return state.moodle.ltix ? check('ltix', 'warn', 'engine_pf_ltix') : null;
}

/**
 * The local_kaltura checks: installed, LTI 1.3 support, recommended release.
 *
 * @param state Moodle's state
 * @returns checks
 */
function kalturaChecks(state: State): Check[] {
    const k = state.kaltura;
    if (!k.installed) {
        return [check('kaltura', 'fail', 'engine_pf_kalturamissing')];
    }
    const release = releaseLabel(k.release);
    if (!k.hasauth) {
        return [check('kaltura', 'fail', 'engine_pf_kalturanolti13', {release})];
    }
    const rel = parseRelease(k.release);
    const recommended = rel !== null && compareVersions(rel, RECOMMENDED_RELEASE) >= 0;
    return [
        check('kaltura', 'pass', 'engine_pf_kalturaok', {release}),
        recommended ? check('kalturarelease', 'pass', 'engine_pf_releaseok', {release})
            : check('kalturarelease', 'warn', 'engine_pf_releaseold', {release}),
    ];
}

/** The unfinished-run check's message, one whole sentence for each kind of run (never the kind's code). */
export const RUN_IN_PROGRESS: Record<RunKind, string> = {
    upgrade: 'engine_pf_runinprogress_upgrade',
    revert: 'engine_pf_runinprogress_revert',
};

/** The interrupted-run banner, one whole sentence for each kind of run (never the kind's code). */
export const RUN_INTERRUPTED: Record<RunKind, string> = {
    upgrade: 'run_interrupted_upgrade',
    revert: 'run_interrupted_revert',
};

/**
 * The kaf_uri check.
 *
 * @param state Moodle's state
 * @returns the check
 */
function kafUriCheck(state: State): Check {
    const c = checkKafUri(state.settings.kaf_uri);
    switch (c.status) {
        case 'ok':
            return check('kafuri', 'pass', 'engine_pf_kafuriok', {value: c.value});
        case 'empty':
            return check('kafuri', 'fail', 'engine_pf_kafuriempty');
        case 'fixable':
            return {...check('kafuri', 'warn', 'engine_pf_kafurifix', {value: c.value, fixed: c.fixed}),
                details: c.problems.map((p) => msg(KAFURI_PROBLEM[p]))};
        default:
            return check('kafuri', 'fail', 'engine_pf_kafuriinvalid', {value: c.value});
    }
}

/**
 * The Video Quiz grade tools: none, one, or several (only one can take Moodle's client id: lti_types.clientid is
 * unique), and whether the chosen one is already on LTI 1.3.
 *
 * @param state Moodle's state
 * @returns the check
 */
function toolTypesCheck(state: State): Check {
    const types = siteTools(state);
    if (types.length === 0) {
        return check('tooltypes', 'pass', 'engine_pf_tooltypesnone');
    }
    const choice = chooseTool(state);
    if (choice.heldElsewhere) {
        return check('tooltypes', 'warn', 'engine_pf_tooltypesheld', {names: types.map((t) => t.name).join(', ')});
    }
    const chosen = types.find((t) => t.id === choice.chosen) as ToolType;
    if (types.length > 1) {
        return check('tooltypes', 'warn', choice.locked ? 'engine_pf_tooltypesheldby' : 'engine_pf_tooltypesseveral',
            {count: types.length, names: types.map((t) => t.name).join(', '), name: chosen.name});
    }
    return toolUpgraded(state, chosen) ? check('tooltypes', 'pass', 'engine_pf_tooltypesok', {name: chosen.name})
        : check('tooltypes', 'pass', 'engine_pf_tooltypesplanned', {name: chosen.name, count: chosen.activitycount});
}

/**
 * The course-level tools on the KAF host (a teacher's): listed, with their course, as not changed.
 *
 * @param state Moodle's state
 * @returns the check, or none when there is no course tool
 */
function courseToolsCheck(state: State): Check[] {
    const tools = state.lti.coursetools ?? [];
    if (tools.length === 0) {
        return [];
    }
    const list = tools.map((t) => `"${t.name}" (${t.course}, ${t.activitycount})`).join(', ');
    return [check('coursetools', 'warn', 'engine_pf_coursetools', {count: tools.length, list})];
}

/**
 * The Ltigrading module (Video Quiz grades): on, off (the plan turns it on), or not found.
 *
 * @param kaf the KAF view
 * @returns the check, or null when it was not read
 */
function ltigradingCheck(kaf: KafView): Check | null {
    const lg = kaf.ltigrading;
    if (lg === undefined) {
        return null;
    }
    if (lg === null || lg.on === '') {
        return check('ltigrading', 'warn', 'engine_pf_ltigradingmissing');
    }
    return lg.values.get('enabled')?.[0] === lg.on ? check('ltigrading', 'pass', 'engine_pf_ltigradingon')
        : check('ltigrading', 'warn', 'engine_pf_ltigradingoff');
}

/**
 * User-id continuity: whether LTI 1.3 would give users other Kaltura ids than 1.1 did (they would lose their media).
 *
 * @param state Moodle's state
 * @param kaf the KAF view
 * @returns the check
 */
function userIdCheck(state: State, kaf: KafView): Check {
    const m = userIdMapping(state.kaltura.release, kaf.hosted);
    if (!m) {
        return check('userid', 'warn', 'engine_pf_useridunread');
    }
    const params = {attribute: m.attribute || '-', claim: m.claim || '-', property: m.property || '-',
        v11: m.v11, v13: m.v13, release: releaseLabel(state.kaltura.release)};
    if (m.v11 === 'other' || m.v13 === 'other') {
        return check('userid', 'warn', 'engine_pf_useridunknown', params);
    }
    if (!mappingDiffers(m)) {
        return check('userid', 'pass', 'engine_pf_useridsame', params);
    }
    return m.offer ? check('userid', 'warn', 'engine_pf_useriddiffers', {...params, offer: m.offer.claim
        + (m.offer.property ? ' / ' + m.offer.property : '')})
        : check('userid', 'warn', 'engine_pf_useriddiffersnofix', params);
}

/**
 * The checks that need only get_state.
 *
 * @param state Moodle's state
 * @returns the checks, in display order
 */
export function preflightLocal(state: State): Check[] {
    const s = state.settings;
    const checks: Check[] = [
        moodleVersionCheck(state),
        ...[ltixCheck(state)].filter((c): c is Check => c !== null),
        ...kalturaChecks(state),
        state.moodle.https ? check('https', 'pass', 'engine_pf_httpsok')
            : check('https', 'warn', 'engine_pf_httpsno', {wwwroot: state.moodle.wwwroot}),
        kafUriCheck(state),
        /^[1-9]\d*$/.test(s.partner_id.trim()) ? check('partnerid', 'pass', 'engine_pf_partnerok', {value: s.partner_id})
            : check('partnerid', 'fail', 'engine_pf_partnermissing'),
        state.lti.sitekey && state.lti.kid ? check('sitekey', 'pass', 'engine_pf_sitekeyok')
            : check('sitekey', 'fail', 'engine_pf_sitekeymissing', {certs: state.urls.certs}),
        s.client_id ? check('clientid', 'pass', 'engine_pf_clientidok', {value: s.client_id})
            : check('clientid', 'fail', 'engine_pf_clientidmissing'),
        s.adminsecretset ? check('adminsecret', 'pass', 'engine_pf_adminsecretok')
            : check('adminsecret', 'warn', 'engine_pf_adminsecretmissing'),
        toolTypesCheck(state),
        ...courseToolsCheck(state),
        s.lti_version === LTI13 ? check('moodlestate', 'pass', 'engine_pf_moodleon13')
            : check('moodlestate', 'pass', 'engine_pf_moodleon11', {version: s.lti_version}),
    ];
    if (state.moodle.insecurekaf) {
        checks.unshift(check('insecurekaf', 'warn', 'engine_pf_insecurekaf'));
    }
    if (state.run && state.run.status === 'running') {
        checks.push(check('runinprogress', 'warn', RUN_IN_PROGRESS[state.run.kind], {
            id: state.run.id, user: state.run.userfullname,
        }));
    }
    return checks;
}

/**
 * Whether the checks allow a run (no fail).
 *
 * @param checks the checks
 * @returns true when none failed
 */
export function canProceed(checks: Check[]): boolean {
    return checks.every((c) => c.result !== 'fail');
}

/**
 * The checks after login, from what was read at KAF.
 *
 * @param state Moodle's state
 * @param kaf the KAF view
 * @param version KAF's /version text
 * @returns the checks
 */
export function preflightKaf(state: State, kaf: KafView, version: string): Check[] {
    const h = kaf.hosted;
    const on13 = h.authMethod.current === h.authMethod.lti13;
    const moodleOn13 = state.settings.lti_version === LTI13;
    let stateCheck: Check;
    if (on13 && moodleOn13) {
        stateCheck = check('kafstate', 'pass', 'engine_pf_bothon13');
    } else if (on13 || moodleOn13) {
        stateCheck = check('kafstate', 'warn', 'engine_pf_halfway',
            {kaf: h.authMethod.current, moodle: state.settings.lti_version});
    } else {
        stateCheck = check('kafstate', 'pass', 'engine_pf_bothon11');
    }
    const hasKeys = hostedValue(h, 'lti13ServicePublicKey').trim() !== '';
    let keysCheck: Check;
    if (keepKeys(kaf)) {
        keysCheck = check('kafkeys', 'pass', 'engine_pf_keyskept', {thumbprint: kaf.publicThumbprint});
    } else if (hasKeys) {
        keysCheck = check('kafkeys', 'warn', 'engine_pf_keysreplaced');
    } else {
        keysCheck = check('kafkeys', 'pass', 'engine_pf_keysnew');
    }
    return [
        check('kafversion', 'pass', 'engine_pf_kafversionok', {version: version.slice(0, 60)}),
        check('kaflogin', 'pass', 'engine_pf_kafloginok'),
        check('kafform', 'pass', h.layout === 'present' ? 'engine_pf_kafformok' : 'engine_pf_kafformaftersave'),
        stateCheck,
        keysCheck,
        ...[ltigradingCheck(kaf)].filter((c): c is Check => c !== null),
        userIdCheck(state, kaf),
    ];
}
