// The plan's view: the change table with a reason per line, the user-id choice and the grade-tool choice. Pure.

import type {State} from '../services';
import type {Plan} from '../local/model';
import type {Lookup} from './view';

/**
 * The plan context. Keys show only as fingerprints; a new key shows as such.
 *
 * @param plan the plan
 * @param t lookup
 * @param state Moodle's state (for the grade tool choice)
 * @returns the context for tool_kalturalti13/plan
 */
export function planContext(plan: Plan, t: Lookup, state: State | null = null): object {
    const empty = t({key: 'plan_emptyvalue'});
    const rows = plan.changes.map((c) => {
        const secret = c.after.kind !== 'value' || c.field === 'lti13ServicePrivateKey';
        let after = c.afterDisplay;
        if (c.after.kind === 'newprivatekey') {
            after = t({key: 'plan_newprivatekey'});
        } else if (c.after.kind === 'newpublickey') {
            after = t({key: 'plan_newpublickey'});
        }
        return {
            where: t({key: `plan_where_${c.where}`}) + (c.tool ? ': ' + c.tool.name : ''),
            field: c.field,
            before: c.beforeHidden ? t({key: 'plan_hiddenvalue'}) : c.beforeDisplay || empty,
            after: after === '' ? empty : after,
            secret,
            reason: planReason(plan, c, t),
            ...(c.optional ? {optional: true, selected: c.selected === true} : {}),
        };
    });
    const selected = plan.changes.filter((c) => !c.optional || c.selected).length;
    return {empty: rows.length === 0, rows, caption: t({key: 'plan_caption', params: {count: selected}}),
        ...userIdChoiceContext(plan, t),
        tools: state ? toolChoiceContext(plan, state, t) : null};
}

/**
 * Why a planned line changes, in one sentence (a string per field; none for a field without one).
 *
 * @param plan the plan
 * @param c the change
 * @param t lookup
 * @returns the reason, or ''
 */
export function planReason(plan: Plan, c: Plan['changes'][number], t: Lookup): string {
    if (plan.kind === 'revert') {
        return t({key: c.field === 'enable_logging' ? 'planreason_revert_enable_logging' : 'planreason_revert'});
    }
    const key = `planreason_${c.where}_${c.field}`;
    return PLAN_REASONS.has(key) ? t({key}) : '';
}

/** The fields the plan can change, each with its reason string (lang/en: planreason_<where>_<field>). */
export const PLAN_REASONS: ReadonlySet<string> = new Set([
    'kaf_authMethod', 'kaf_lti13PlatformOidcAuthUrl', 'kaf_lti13AuthTokenUrl', 'kaf_lti13KeysUrl', 'kaf_lti13ClientId',
    'kaf_lti13ServicePrivateKey', 'kaf_lti13ServicePublicKey', 'kaf_lti13UserIdClaim', 'kaf_lti13UserIdClaimProperty',
    'moodle_kaf_uri', 'moodle_lti_version', 'moodle_enable_logging', 'tooltype_ltiversion', 'tooltype_clientid',
    'tooltype_keytype', 'tooltype_publickeyset', 'tooltype_initiatelogin', 'tooltype_redirectionuris',
    'tooltype_ltiservice_gradesynchronization', 'ltigrading_enabled',
].map((f) => `planreason_${f}`));

/** The admin's user-id choice on the page: the radio group's values. */
export type UserIdChoiceValue = 'keep' | 'accept';

/**
 * The plan options a user-id choice on the page stands for (the plan model keeps its two flags).
 *
 * @param value the radio's value, or the single checkbox's state
 * @returns the options' user-id part
 */
export function userIdOptions(value: UserIdChoiceValue | boolean): {userid: boolean; useridAck: boolean} {
    if (typeof value === 'boolean') {
        return {userid: false, useridAck: value};
    }
    return {userid: value === 'keep', useridAck: value === 'accept'};
}

/**
 * The user-id choice: where users may lose their Kaltura ids and this tool can keep them, one radio group (keep or
 * accept, nothing preselected); where it cannot, one checkbox that accepts the loss. Each explanation stands
 * outside the label and is tied to its control.
 *
 * @param plan the plan
 * @param t lookup
 * @returns {useridchoice, useridack}: either one set, or both null
 */
export function userIdChoiceContext(plan: Plan, t: Lookup): {useridchoice: object | null; useridack: object | null} {
    const risk = plan.userid?.risk ?? 'none';
    const choice = plan.userid?.choice ?? null;
    if (plan.kind !== 'upgrade' || risk === 'none') {
        return {useridchoice: null, useridack: null};
    }
    if (risk === 'differs' || risk === 'aftersave') {
        return {useridack: null, useridchoice: {
            legend: t({key: 'plan_useridlegend'}),
            help: t({key: 'plan_useridneeded'}),
            options: [
                {value: 'keep', label: t({key: 'plan_useridkeep'}), checked: choice === 'keep',
                    help: t({key: risk === 'aftersave' ? 'plan_useridkeepaftersave' : 'plan_useridkeep_help'})},
                {value: 'accept', label: t({key: 'plan_useridaccept'}), checked: choice === 'acknowledge',
                    help: t({key: 'plan_useridaccept_help'})},
            ],
        }};
    }
    return {useridchoice: null, useridack: {
        label: t({key: 'plan_useridack'}),
        help: t({key: risk === 'nofix' ? 'plan_useridnofix' : 'plan_useridunknown'}),
        checked: choice === 'acknowledge',
    }};
}

/**
 * The grade tool choice: shown when several External tools point at the KAF host (only one can take Moodle's
 * client id); each with the activities that use it.
 *
 * @param plan the plan
 * @param state Moodle's state
 * @param t lookup
 * @returns the context, or null when there is nothing to choose
 */
export function toolChoiceContext(plan: Plan, state: State, t: Lookup): object | null {
    const types = state.lti.tooltypes;
    if (!plan.tools || types.length < 2) {
        return null;
    }
    const chosen = plan.tools.chosen;
    const locked = plan.tools.locked;
    return {
        legend: t({key: 'plan_toolchoice'}),
        note: t({key: locked ? 'plan_toolchoicelocked' : 'plan_toolchoicenote'}),
        options: types.map((ty) => ({
            id: ty.id,
            name: ty.name,
            baseurl: ty.baseurl,
            checked: ty.id === chosen,
            disabled: locked && ty.id !== chosen,
            usage: t({key: 'plan_toolusage', params: {count: ty.activitycount}}),
            hasactivities: ty.activities.length > 0,
            activities: ty.activities.map((a) => ({text: a.course + ': ' + a.name})),
        })),
    };
}
