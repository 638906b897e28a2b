// Preflight: each check pass / warn / fail with a message that says what is wrong and what to do.
// The local part needs get_state alone (shown on page load); the KAF part needs the login. Pure.

import type {State} from '../services';
import {hostedValue} from './hosted';
import {checkKafUri} from './kafuri';
import {keepKeys, MOODLE_LTI13, type KafView} from './plan';
import {msg, type Check, type CheckId, type CheckResult, type Message} from './types';

const MOODLE_40 = 2022041900;
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
 * The first x.y.z in a release string ("4.4.2", "v4.4.2 (Build: ...)").
 *
 * @param release the release string
 * @returns its numbers, or null
 */
export function parseRelease(release: string): number[] | null {
    const m = /(\d+)\.(\d+)(?:\.(\d+))?/.exec(release);
    return m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)] : null;
}

/**
 * Compares two version number lists.
 *
 * @param a one
 * @param b other
 * @returns negative, zero or positive
 */
export function compareVersions(a: number[], b: number[]): number {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
        const d = (a[i] ?? 0) - (b[i] ?? 0);
        if (d !== 0) {
            return d;
        }
    }
    return 0;
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
    if (!k.hasauth) {
        return [check('kaltura', 'fail', 'engine_pf_kalturanolti13', {release: k.release})];
    }
    const rel = parseRelease(k.release);
    const recommended = rel !== null && compareVersions(rel, RECOMMENDED_RELEASE) >= 0;
    return [
        check('kaltura', 'pass', 'engine_pf_kalturaok', {release: k.release}),
        recommended ? check('kalturarelease', 'pass', 'engine_pf_releaseok', {release: k.release})
            : check('kalturarelease', 'warn', 'engine_pf_releaseold', {release: k.release}),
    ];
}

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
            return check('kafuri', 'warn', 'engine_pf_kafurifix',
                {value: c.value, fixed: c.fixed, problems: c.problems.join(', ')});
        default:
            return check('kafuri', 'fail', 'engine_pf_kafuriinvalid', {value: c.value});
    }
}

/**
 * The Video Quiz tool types: they need the same client id and LTI 1.3, which this tool does not change.
 *
 * @param state Moodle's state
 * @returns the check
 */
function toolTypesCheck(state: State): Check {
    const stale = state.lti.tooltypes.filter((t) => t.ltiversion !== MOODLE_LTI13 || t.clientid !== state.settings.client_id);
    return stale.length === 0 ? check('tooltypes', 'pass', 'engine_pf_tooltypesok', {count: state.lti.tooltypes.length})
        : check('tooltypes', 'warn', 'engine_pf_tooltypesstale', {names: stale.map((t) => t.name).join(', ')});
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
        Number(state.moodle.version) >= MOODLE_40
            ? check('moodleversion', 'pass', 'engine_pf_moodleok', {release: state.moodle.release})
            : check('moodleversion', 'fail', 'engine_pf_moodleold', {release: state.moodle.release}),
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
        s.lti_version === MOODLE_LTI13 ? check('moodlestate', 'pass', 'engine_pf_moodleon13')
            : check('moodlestate', 'pass', 'engine_pf_moodleon11', {version: s.lti_version}),
    ];
    if (state.run && state.run.status === 'running') {
        checks.push(check('runinprogress', 'warn', 'engine_pf_runinprogress', {
            id: state.run.id, user: state.run.userfullname, kind: state.run.kind,
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
    const moodleOn13 = state.settings.lti_version === MOODLE_LTI13;
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
    ];
}
