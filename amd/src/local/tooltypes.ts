// The Video Quiz grade tools (docs/platform.md §2.3): External Tool types on the KAF host, which one the plan upgrades,
// and the LTI 1.3 values it gets. Pure.

import type {State, ToolField, ToolType} from './model';
import {effectiveKafUri} from './kafuri';
import {KAF_ENDPOINTS, LTI13} from './ltiwords';

/** The AGS level in mod_lti's gradebookservices: 0 not used, 1 grade sync only, 2 grade sync and column management. */
export const AGS_FULL = '2';

/** Which tool the quizzes use: the candidates (ids), the chosen one, and whether the choice is fixed. */
export interface ToolChoice {
    candidates: number[];
    chosen: number | null;
    /** The client id is already held by one of them: only that one can take it. */
    locked: boolean;
    /** The client id is held by a tool that is not on the KAF host: none can take it. */
    heldElsewhere: boolean;
}

/**
 * The grade tool candidates: the site-level tools. The shim lists course tools apart (coursetools); one that shows
 * up among the tool types all the same is left out, so no choice, the default included, can pick it.
 *
 * @param state Moodle's state
 * @returns the site-level tool types
 */
export function siteTools(state: State): ToolType[] {
    const course = new Set((state.lti.coursetools ?? []).map((c) => c.id));
    return state.lti.tooltypes.filter((t) => !course.has(t.id));
}

/**
 * Which tool the plan upgrades. lti_types.clientid is unique, so only one tool can hold Moodle's client id: the one
 * that already holds it; else the one asked for; else the one most activities use (lowest id on a tie).
 *
 * @param state Moodle's state
 * @param wanted the admin's choice, if any
 * @returns the choice
 */
export function chooseTool(state: State, wanted?: number | null): ToolChoice {
    const types = siteTools(state);
    const candidates = types.map((t) => t.id);
    const holder = state.lti.clientidtype ?? 0;
    if (holder !== 0) {
        const held = candidates.includes(holder);
        return {candidates, chosen: held ? holder : null, locked: held, heldElsewhere: !held};
    }
    if (wanted !== undefined && wanted !== null && candidates.includes(wanted)) {
        return {candidates, chosen: wanted, locked: false, heldElsewhere: false};
    }
    const best = [...types].sort((a, b) => b.activitycount - a.activitycount || a.id - b.id)[0];
    return {candidates, chosen: best ? best.id : null, locked: false, heldElsewhere: false};
}

/**
 * The LTI 1.3 values a grade tool needs: version, Moodle's client id, KAF's key set, login and redirect URLs, AGS on
 * (a tool that already has grade sync, 1 or 2, keeps its level).
 *
 * @param state Moodle's state
 * @param tool the tool
 * @returns field => value
 */
export function toolTargets(state: State, tool: ToolType): Array<[ToolField, string]> {
    const kaf = effectiveKafUri(state.settings.kaf_uri);
    const ags = ['1', '2'].includes(tool.ltiservice_gradesynchronization) ? tool.ltiservice_gradesynchronization : AGS_FULL;
    return [
        ['ltiversion', LTI13],
        ['clientid', state.settings.client_id],
        ['keytype', 'JWK_KEYSET'],
        ['publickeyset', kaf + KAF_ENDPOINTS.keyset],
        ['initiatelogin', kaf + KAF_ENDPOINTS.oidcinit],
        ['redirectionuris', kaf + KAF_ENDPOINTS.redirect],
        ['ltiservice_gradesynchronization', ags],
    ];
}

/**
 * Whether a tool already has every LTI 1.3 value.
 *
 * @param state Moodle's state
 * @param tool the tool
 * @returns true when nothing would change
 */
export function toolUpgraded(state: State, tool: ToolType): boolean {
    return toolTargets(state, tool).every(([f, v]) => tool[f] === v);
}

/**
 * A tool's value of a field.
 *
 * @param state Moodle's state
 * @param id the tool's id
 * @param field the field
 * @returns its value ('' when the tool is gone)
 */
export function toolValue(state: State, id: number, field: string): string {
    const t = state.lti.tooltypes.find((x) => x.id === id);
    return t ? String((t as unknown as Record<string, unknown>)[field] ?? '') : '';
}
