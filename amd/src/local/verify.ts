// Verification: what the end state must be, checked against what was read back. Pure.

import {type ProbeResult, type State, msg, type Evidence, type Plan} from './model';
import type {RunKeys} from './keys';
import {isLti13Field, type HostedView, type ModuleView} from './hosted';
import {KAF_ENDPOINTS} from './ltiwords';
import {kafTargets} from './plan';
import {mappingDiffers, userIdMapping} from './userid';
import {toolValue} from './tooltypes';
import {diffValues, settingValue, type Difference, type Snapshot} from './snapshot';

/**
 * PEM text compared without regard to line ends or surrounding space.
 *
 * @param pem text
 * @returns normalised text
 */
export function normPem(pem: string): string {
    return pem.replace(/\r\n?/g, '\n').trim();
}

/**
 * Whether a field read back holds the planned value.
 *
 * @param field the field
 * @param actual value read
 * @param wanted value planned
 * @param keys the run's keys
 * @returns true when equal
 */
function holds(field: string, actual: string, wanted: string, keys: RunKeys | null): boolean {
    if (field === 'lti13ServicePrivateKey' && keys) {
        return keys.privateTokens.includes(actual.trim());
    }
    if (field === 'lti13ServicePublicKey') {
        return normPem(actual) === normPem(wanted);
    }
    return actual === wanted;
}

/**
 * Short display of a value in evidence (PEM and long values cut).
 *
 * @param v value
 * @returns display text
 */
function short(v: string): string {
    return v.length > 80 ? v.slice(0, 40) + '…' + v.slice(-20) : v;
}

/**
 * The planned KAF fields hold their planned values.
 *
 * @param plan the plan
 * @param keys the run's keys
 * @param view the Hosted page read back
 * @returns the evidence
 */
export function checkPlannedKaf(plan: Plan, keys: RunKeys | null, view: HostedView): Evidence {
    const wrong: string[] = [];
    for (const [field, wanted] of kafTargets(plan, keys)) {
        const actual = view.values.get(field)?.[0];
        if (actual === undefined || !holds(field, actual, wanted, keys)) {
            wrong.push(field);
        }
    }
    return wrong.length === 0
        ? {id: 'hostedfields', ok: true, message: msg('engine_ev_hostedok', {count: kafTargets(plan, keys).size})}
        : {id: 'hostedfields', ok: false, message: msg('engine_ev_hostedwrong', {fields: wrong.join(', ')})};
}

/**
 * Every field the plan does not name is as it was in the snapshot. A plan that puts authMethod on 1.1 may see the
 * 1.3 fields leave the form: KAF renders them only while 1.3 is selected (docs/platform.md §3), and keeps their values for
 * the next upgrade, which reads them again. Any other field that is gone is a change.
 *
 * @param plan the plan
 * @param snapshot the snapshot
 * @param view the Hosted page read back
 * @returns the evidence and the differences
 */
export function checkUnplanned(plan: Plan, snapshot: Snapshot, view: HostedView): {evidence: Evidence; diffs: Difference[]} {
    const skip = new Set([...snapshot.volatile, ...plan.changes.filter((c) => c.where === 'kaf').map((c) => c.field)]);
    const wanted = {...snapshot.kaf, ...snapshot.revealed};
    const to11 = plan.changes.some((c) => c.where === 'kaf' && c.field === 'authMethod' && c.after.kind === 'value'
        && c.after.value === plan.authMethod.lti11);
    const mayVanish = new Set(to11 ? Object.keys(wanted).filter(isLti13Field) : []);
    const diffs = diffValues(wanted, view.values, skip, mayVanish);
    const compared = Object.keys(wanted).filter((n) => !skip.has(n) && (view.values.has(n) || !mayVanish.has(n))).length;
    const evidence: Evidence = diffs.length === 0
        ? {id: 'unplanned', ok: true, message: msg('engine_ev_unplannedok', {count: compared})}
        : {id: 'unplanned', ok: false, message: msg('engine_ev_unplannedchanged', {fields: diffs.map((d) => d.field).join(', ')})};
    return {evidence, diffs};
}

/**
 * KAF's key set holds our key: the server's probe found an RSA key of 2048 bits or more with our thumbprint.
 *
 * @param keys the run's keys
 * @param probe the probe, asked for keys.thumbprint
 * @returns the evidence
 */
export function checkKeySet(keys: RunKeys, probe: ProbeResult): Evidence {
    const k = probe.keyset;
    return k.matched && k.expected === keys.thumbprint
        // KAF names its key by the thumbprint: the kid is said only when it says something more.
        ? {id: 'keyset', ok: true, message: k.kid === '' || k.kid === keys.thumbprint
            ? msg('engine_ev_keysetok', {thumbprint: keys.thumbprint})
            : msg('engine_ev_keysetokkid', {thumbprint: keys.thumbprint, kid: k.kid})}
        : {id: 'keyset', ok: false, message: msg('engine_ev_keysetmissing', {thumbprint: keys.thumbprint, count: k.keys.length})};
}

/**
 * KAF's OIDC login initiation redirects to Moodle's auth.php with a request auth.php accepts, as the server's probe
 * judged it (classes/local/probe_rule.php).
 *
 * @param plan the plan
 * @param probe the probe
 * @returns the evidence
 */
export function checkOidc(plan: Plan, probe: ProbeResult): Evidence {
    const auth = plan.wwwroot + '/local/kaltura/auth.php';
    const redirect = plan.kafUri + KAF_ENDPOINTS.redirect;
    const {location, problems} = probe.oidc;
    return problems.length === 0
        ? {id: 'oidc', ok: true, message: msg('engine_ev_oidcok', {auth, clientid: plan.clientId, redirect})}
        : {id: 'oidc', ok: false, message: location === ''
            ? msg('engine_ev_oidcnoredirect', {auth, clientid: plan.clientId, redirect, problems: problems.join(', ')})
            : msg('engine_ev_oidcwrong', {location: short(location), auth, clientid: plan.clientId, redirect,
                problems: problems.join(', ')})};
}

/**
 * Moodle's settings are as planned.
 *
 * @param plan the plan
 * @param state Moodle's state read back
 * @returns the evidence
 */
export function checkMoodle(plan: Plan, state: State): Evidence {
    const wrong = plan.changes.filter((c) => c.where === 'moodle' && c.after.kind === 'value'
        && settingValue(state, c.field) !== c.after.value).map((c) => c.field);
    return wrong.length === 0
        ? {id: 'moodlesettings', ok: true, message: msg('engine_ev_moodleok')}
        : {id: 'moodlesettings', ok: false, message: msg('engine_ev_moodlewrong', {fields: wrong.join(', ')})};
}

/**
 * The planned grade tool fields hold their planned values.
 *
 * @param plan the plan
 * @param state Moodle's state read back
 * @returns the evidence
 */
export function checkToolTypes(plan: Plan, state: State): Evidence {
    const planned = plan.changes.filter((c) => c.where === 'tooltype' && c.after.kind === 'value');
    const target = (c: Plan['changes'][number]): string => (c.after.kind === 'value' ? c.after.value : '');
    const wrong = planned.filter((c) => toolValue(state, c.tool?.id ?? 0, c.field) !== target(c))
        .map((c) => `${c.tool?.name ?? '?'}: ${c.field}`);
    const names = Array.from(new Set(planned.map((c) => c.tool?.name ?? '?'))).join(', ');
    return wrong.length === 0
        ? {id: 'tooltypes', ok: true, message: msg('engine_ev_tooltypesok', {names})}
        : {id: 'tooltypes', ok: false, message: msg('engine_ev_tooltypeswrong', {fields: wrong.join('; ')})};
}

/**
 * KAF's Ltigrading module holds the planned values, and nothing else on its page changed.
 *
 * @param plan the plan
 * @param snapshot the snapshot (the page before the run)
 * @param view the page read back (null when it could not be read)
 * @returns the evidence
 */
export function checkLtigrading(plan: Plan, snapshot: Snapshot, view: ModuleView | null): Evidence {
    if (view === null) {
        return {id: 'ltigrading', ok: false, message: msg('engine_ev_ltigradingwrong', {fields: '*'})};
    }
    const planned = plan.changes.filter((c) => c.where === 'ltigrading');
    const wrong = planned.filter((c) => view.values.get(c.field)?.[0] !== (c.after.kind === 'value' ? c.after.value : ''))
        .map((c) => c.field);
    const before = snapshot.modules[view.path] ?? {};
    const skip = new Set([...snapshot.volatile, ...planned.map((c) => c.field)]);
    wrong.push(...diffValues(before, view.values, skip).map((d) => d.field));
    return wrong.length === 0
        ? {id: 'ltigrading', ok: true, message: msg('engine_ev_ltigradingok')}
        : {id: 'ltigrading', ok: false, message: msg('engine_ev_ltigradingwrong', {fields: wrong.join(', ')})};
}

/**
 * After a rollback: both sides as in the snapshot (KAF: Hosted and the other module pages; Moodle: the settings and
 * the grade tools).
 *
 * @param snapshot the snapshot
 * @param view the Hosted page read back (null when it could not be read)
 * @param state Moodle's state read back (null when it could not be read)
 * @param modules the other module pages read back, by path
 * @returns the differences on each side, null for a side that could not be read
 */
export function restoredDiffs(snapshot: Snapshot, view: HostedView | null, state: State | null,
        modules: Record<string, Map<string, string[]>> = {}): {kaf: Difference[] | null; moodle: Difference[] | null} {
    const skip = new Set(snapshot.volatile);
    const kaf = view === null ? null : [
        ...diffValues(snapshot.kaf, view.values, skip),
        ...diffValues(snapshot.revealed, view.values, skip, new Set(Object.keys(snapshot.revealed))),
        ...Object.entries(snapshot.modules).flatMap(([path, wanted]) => diffValues(wanted, modules[path] ?? new Map(), skip)
            .map((d) => ({...d, field: path.split('/').pop() + ':' + d.field}))),
    ].map((d) => ({...d, now: short(d.now), wanted: short(d.wanted)}));
    const moodle = state === null ? null : [
        ...Object.entries(snapshot.moodle).filter(([k, v]) => settingValue(state, k) !== v)
            .map(([field, wanted]) => ({field, now: settingValue(state, field), wanted})),
        ...Object.entries(snapshot.tooltypes).flatMap(([id, wanted]) => Object.entries(wanted)
            .filter(([k, v]) => toolValue(state, Number(id), k) !== v)
            .map(([k, v]) => ({field: `tooltype ${id}:${k}`, now: short(toolValue(state, Number(id), k)), wanted: short(v)}))),
    ];
    return {kaf, moodle};
}

/**
 * Users' Kaltura ids after an upgrade where they were at risk: what KAF's LTI 1.3 user-id setting now gives, compared
 * with LTI 1.1, so the verdict says what the admin's choice led to. Fails only where the admin chose to keep the ids
 * and they still differ.
 *
 * @param plan the plan (its user-id decision)
 * @param view the Hosted page read back
 * @returns the evidence, or null when the ids were never at risk
 */
export function checkUserIds(plan: Plan, view: HostedView): Evidence | null {
    const decision = plan.userid;
    if (plan.kind !== 'upgrade' || !decision || decision.risk === 'none') {
        return null;
    }
    const m = userIdMapping(decision.release, view);
    if (!m) {
        return {id: 'userids', ok: decision.choice !== 'keep', message: msg('engine_ev_useridunread')};
    }
    const params = {attribute: m.attribute || '-', claim: m.claim || '-', property: m.property || '-'};
    if (m.v11 === 'other' || m.v13 === 'other') {
        return {id: 'userids', ok: decision.choice !== 'keep', message: msg('engine_ev_useridunknown', params)};
    }
    const differs = mappingDiffers(m);
    return {id: 'userids', ok: !(differs && decision.choice === 'keep'),
        message: msg(differs ? 'engine_ev_useriddiffers' : 'engine_ev_useridsame', params)};
}
