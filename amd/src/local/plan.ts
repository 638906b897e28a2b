// The plan: from the state of both sides to a list of (where, field, before, after). Pure.

import {msg, type State, type Change, type Plan, type Target, type UserIdDecision, type UserIdRisk, type Where} from './model';
import {EngineError} from './errors';
import {hostedValue, type HostedView, type KafView} from './hosted';
import type {NewKeys, RunKeys} from './keys';
import {effectiveKafUri} from './kafuri';
import {LTI11, LTI13} from './ltiwords';
import {chooseTool, siteTools, toolTargets} from './tooltypes';
import {mappingDiffers, userIdMapping} from './userid';
import {change} from './planline';

/** The admin's choices on the plan: which grade tool the quizzes use, and the opt-in user-id line. */
export interface PlanOptions {
    tool?: number | null;
    /** Keep users' Kaltura ids: tick the opt-in lines, or (after-save layout) match the 1.3 setting during the run. */
    userid?: boolean;
    /** The admin accepts that users get new Kaltura ids (and lose their media) where this tool cannot keep them. */
    useridAck?: boolean;
}

/**
 * The user-id risk of a site and the admin's choice on it.
 *
 * @param state Moodle's state
 * @param kaf the KAF view
 * @param opts the admin's choices
 * @returns the decision
 */
export function userIdDecision(state: State, kaf: KafView, opts: PlanOptions): UserIdDecision {
    const m = userIdMapping(state.kaltura.release, kaf.hosted);
    let risk: UserIdRisk = 'none';
    if (!m) {
        risk = kaf.hosted.layout === 'after-save' && kaf.hosted.values.has('ltiUserIdAttribute') ? 'aftersave' : 'unknown';
    } else if (m.v11 === 'other' || m.v13 === 'other') {
        risk = 'unknown';
    } else if (mappingDiffers(m)) {
        risk = m.offer ? 'differs' : 'nofix';
    }
    const keepable = risk === 'differs' || risk === 'aftersave';
    let choice: UserIdDecision['choice'] = null;
    if (risk !== 'none') {
        if (keepable && opts.userid) {
            choice = 'keep';
        } else if (opts.useridAck) {
            choice = 'acknowledge';
        }
    }
    return {risk, choice, release: state.kaltura.release};
}

/**
 * Whether the plan still needs the admin's choice on user ids before it may run.
 *
 * @param plan the plan
 * @returns true while users may lose their ids and the admin has not chosen
 */
export function needsUserIdChoice(plan: Plan): boolean {
    return plan.kind === 'upgrade' && plan.userid !== undefined && plan.userid.risk !== 'none' && plan.userid.choice === null;
}

/**
 * Whether KAF's current key pair can stay: both halves present and the public half published in its key set
 * (so launches signed with it already verify). Otherwise the run makes a new pair.
 *
 * @param kaf the KAF view
 * @returns true to keep it
 */
export function keepKeys(kaf: KafView): boolean {
    return hostedValue(kaf.hosted, 'lti13ServicePrivateKey').trim() !== ''
        && hostedValue(kaf.hosted, 'lti13ServicePublicKey').trim() !== ''
        && kaf.publicThumbprint !== '' && kaf.publicInKeySet;
}

/**
 * The Moodle side of an upgrade: LTI 1.3, trace logging on, kaf_uri corrected.
 *
 * @param state the Moodle state
 * @returns changes
 */
export function moodleUpgradeChanges(state: State): Change[] {
    const s = state.settings;
    const fixed = effectiveKafUri(s.kaf_uri);
    return [
        fixed && fixed !== s.kaf_uri ? change('moodle', 'kaf_uri', s.kaf_uri, {kind: 'value', value: fixed}, null) : null,
        change('moodle', 'lti_version', s.lti_version, {kind: 'value', value: LTI13}, null),
        change('moodle', 'enable_logging', s.enable_logging, {kind: 'value', value: '1'}, null),
    ].filter((c): c is Change => c !== null);
}

/**
 * The Video Quiz grade tool's changes: the chosen tool to LTI 1.3 (the others stay as they are: lti_types.clientid
 * is unique), and Ltigrading on at KAF.
 *
 * @param state Moodle's state
 * @param kaf the KAF view
 * @param wanted the admin's tool choice
 * @returns the changes and the choice
 */
export function gradeToolChanges(state: State, kaf: KafView, wanted?: number | null): {changes: Change[]; tools: Plan['tools']} {
    const choice = chooseTool(state, wanted);
    const tool = state.lti.tooltypes.find((t) => t.id === choice.chosen);
    const changes: Change[] = [];
    if (tool) {
        for (const [field, value] of toolTargets(state, tool)) {
            const c = change('tooltype', field, tool[field], {kind: 'value', value}, null);
            if (c) {
                changes.push({...c, tool: {id: tool.id, name: tool.name}});
            }
        }
    }
    const lg = kaf.ltigrading;
    if (lg && lg.on !== '') {
        const c = change('ltigrading', 'enabled', lg.values.get('enabled')?.[0] ?? '', {kind: 'value', value: lg.on}, null);
        if (c) {
            changes.push(c);
        }
    }
    return {changes, tools: {candidates: choice.candidates, chosen: choice.chosen, locked: choice.locked}};
}

/**
 * The opt-in user-id line: the 1.3 claim (and property) that gives users the Kaltura ids 1.1 gave them.
 *
 * @param state Moodle's state
 * @param kaf the KAF view
 * @param selected whether the admin ticked it
 * @returns the changes (none when the mappings agree or no matching setting is known)
 */
export function userIdChanges(state: State, kaf: KafView, selected: boolean): Change[] {
    const m = userIdMapping(state.kaltura.release, kaf.hosted);
    if (!m || !m.offer || !mappingDiffers(m)) {
        return [];
    }
    return [change('kaf', 'lti13UserIdClaim', m.claim, {kind: 'value', value: m.offer.claim}, kaf),
        change('kaf', 'lti13UserIdClaimProperty', m.property, {kind: 'value', value: m.offer.property}, kaf)]
        .filter((c): c is Change => c !== null).map((c) => ({...c, optional: true, selected}));
}

/**
 * The upgrade plan.
 *
 * @param state Moodle's state (get_state)
 * @param kaf what was read at KAF after login
 * @param opts the admin's choices (grade tool, user-id line)
 * @returns the plan; its changes are empty when the site is already upgraded
 */
export function makePlan(state: State, kaf: KafView, opts: PlanOptions = {}): Plan {
    const h = kaf.hosted;
    const keep = keepKeys(kaf);
    const v = (value: string): Target => ({kind: 'value', value});
    const targets: Array<[string, Target]> = [
        ['authMethod', v(h.authMethod.lti13)],
        ['lti13PlatformOidcAuthUrl', v(state.urls.auth)],
        ['lti13AuthTokenUrl', v(state.urls.token)],
        ['lti13KeysUrl', v(state.urls.certs)],
        ['lti13ClientId', v(state.settings.client_id)],
    ];
    if (!keep) {
        targets.push(['lti13ServicePrivateKey', {kind: 'newprivatekey'}], ['lti13ServicePublicKey', {kind: 'newpublickey'}]);
    }
    const kafChanges = targets.map(([field, t]) => change('kaf', field, hostedValue(h, field), t, kaf))
        .filter((c): c is Change => c !== null)
        .map((c) => (h.values.has(c.field) ? c : {...c, beforeHidden: true}));
    const grade = gradeToolChanges(state, kaf, opts.tool);
    return {
        kind: 'upgrade', userid: userIdDecision(state, kaf, opts),
        changes: [...kafChanges, ...userIdChanges(state, kaf, opts.userid ?? false),
            ...moodleUpgradeChanges(state), ...grade.changes], tools: grade.tools,
        authMethod: {lti11: h.authMethod.lti11, lti13: h.authMethod.lti13}, layout: h.layout,
        keys: keep ? 'keep' : 'new', kafUri: effectiveKafUri(state.settings.kaf_uri), clientId: state.settings.client_id,
        wwwroot: state.moodle.wwwroot,
    };
}

/**
 * The revert plan: back to LTI 1.1 on both sides, and trace logging back to what the upgrade found; the 1.3 values
 * and keys stay at KAF, unused, and the admin secret was never removed from Moodle.
 *
 * @param state Moodle's state
 * @param kaf what was read at KAF
 * @returns the plan
 */
export function makeRevertPlan(state: State, kaf: KafView): Plan {
    const h = kaf.hosted;
    // Grade tools this tool set up (LTI 1.3 with Moodle's client id) go back to 1.1; their 1.3 values stay, unused.
    const tools = siteTools(state).filter((t) => t.ltiversion === LTI13 && t.clientid === state.settings.client_id)
        .map((t) => {
            const c = change('tooltype', 'ltiversion', t.ltiversion, {kind: 'value', value: LTI11}, null);
            return c ? {...c, tool: {id: t.id, name: t.name}} : null;
        });
    // Trace logging goes back to what the upgrade found, when the journal knows it and nobody has changed it since.
    const logging = state.beforeupgrade.enable_logging;
    const changes = [
        change('kaf', 'authMethod', h.authMethod.current, {kind: 'value', value: h.authMethod.lti11}, kaf),
        change('moodle', 'lti_version', state.settings.lti_version, {kind: 'value', value: LTI11}, null),
        logging !== '' && state.settings.enable_logging === '1'
            ? change('moodle', 'enable_logging', state.settings.enable_logging, {kind: 'value', value: logging}, null) : null,
        ...tools,
    ].filter((c): c is Change => c !== null);
    return {
        kind: 'revert', changes, authMethod: {lti11: h.authMethod.lti11, lti13: h.authMethod.lti13}, layout: h.layout,
        keys: 'none', kafUri: effectiveKafUri(state.settings.kaf_uri), clientId: state.settings.client_id,
        wwwroot: state.moodle.wwwroot,
    };
}

/**
 * The changes on one side.
 *
 * @param plan the plan
 * @param where the side
 * @returns its changes
 */
export function changesAt(plan: Plan, where: Where): Change[] {
    return plan.changes.filter((c) => c.where === where);
}

/**
 * The plan as it runs: opt-in changes the admin did not tick are left out.
 *
 * @param plan the plan as shown
 * @returns the plan to apply
 */
export function selectedPlan(plan: Plan): Plan {
    return {...plan, changes: plan.changes.filter((c) => !c.optional || c.selected)};
}

/**
 * Ticks or unticks the opt-in changes.
 *
 * @param plan the plan
 * @param selected whether they apply
 * @returns the plan with the opt-in changes (un)selected
 */
export function selectOptional(plan: Plan, selected: boolean): Plan {
    return {...plan, changes: plan.changes.map((c) => (c.optional ? {...c, selected} : c))};
}

/**
 * Whether the plan makes new keys.
 *
 * @param plan the plan
 * @returns true when a key pair must be generated
 */
export function needsKeys(plan: Plan): boolean {
    return plan.changes.some((c) => c.after.kind !== 'value');
}

/**
 * The values the plan sets at KAF, keys resolved: what the save posts and what verification reads back. A new
 * private key is its PEM (the shim passes it on once, in the save); a key KAF already holds is its secret token.
 *
 * @param plan the plan
 * @param keys the run's keys, when the plan sets keys
 * @returns field => value
 */
export function kafTargets(plan: Plan, keys: RunKeys | NewKeys | null): Map<string, string> {
    const out = new Map<string, string>();
    for (const c of changesAt(plan, 'kaf')) {
        if (c.after.kind === 'value') {
            out.set(c.field, c.after.value);
        } else if (keys) {
            const priv = 'privatePem' in keys ? keys.privatePem : keys.privateTokens[0] ?? '';
            out.set(c.field, c.after.kind === 'newprivatekey' ? priv : keys.publicPem);
        }
    }
    return out;
}

/**
 * The line a plan leaves to the run: where the admin chose to keep users' Kaltura ids and KAF shows its 1.3 user-id
 * setting only once 1.3 is saved, that setting is decided after the first save (settleAfterFirstSave).
 */
export interface DecidedAfterFirstSave {
    decide: 'keepuserids';
    /** The release of local_kaltura: what the 1.3 claim means. */
    release: string;
}

/**
 * The plan's line decided after the first save, if it has one.
 *
 * @param plan the plan
 * @returns the entry, or null
 */
export function decidedAfterFirstSave(plan: Plan): DecidedAfterFirstSave | null {
    const d = plan.userid;
    return d && d.risk === 'aftersave' && d.choice === 'keep' ? {decide: 'keepuserids', release: d.release} : null;
}

/**
 * Settles the line decided after the first save from the Hosted page KAF shows then: when its 1.3 mapping differs
 * from 1.1 and a 1.3 setting matches, that setting joins the plan (the second save and verification both read it
 * from there); when none matches, the run must stop before any teacher launches with the wrong id. Settling a
 * settled plan changes nothing (a resumed run settles again).
 *
 * @param plan the plan
 * @param view the Hosted page after the first save
 * @returns the plan that runs (the same object when nothing is added)
 */
export function settleAfterFirstSave(plan: Plan, view: HostedView): Plan {
    const entry = decidedAfterFirstSave(plan);
    if (!entry) {
        return plan;
    }
    const m = userIdMapping(entry.release, view);
    if (!m) {
        throw new EngineError(msg('engine_useridstillunread'), 'useridnokeep');
    } else if (m.v11 === 'other' || m.v13 === 'other' || (mappingDiffers(m) && !m.offer)) {
        const params = {attribute: m.attribute || '-', claim: m.claim || '-', property: m.property || '-'};
        throw new EngineError(msg('engine_useridnokeep', params), 'useridnokeep');
    }
    const added = !mappingDiffers(m) || !m.offer ? [] : [
        change('kaf', 'lti13UserIdClaim', m.claim, {kind: 'value', value: m.offer.claim}, null),
        change('kaf', 'lti13UserIdClaimProperty', m.property, {kind: 'value', value: m.offer.property}, null),
    ].filter((c): c is Change => c !== null);
    return added.length === 0 ? plan : {...plan, changes: [...plan.changes.filter((c) => c.where !== 'kaf'
        || !added.some((a) => a.field === c.field)), ...added]};
}
