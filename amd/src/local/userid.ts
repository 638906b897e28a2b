// User-id continuity: whether KAF's LTI 1.3 user-id mapping gives users the same Kaltura ids as its 1.1 mapping
// did, and the 1.3 setting that would. The rule and its assumptions are in docs/engine.md. Pure.

import {hostedValue, type HostedView} from './hosted';
import {compareVersions, parseRelease} from './release';

/** What a mapping gives KAF as the user's id: Moodle's numeric user id, the username, or something else. */
export type IdKind = 'userid' | 'username' | 'other';

export interface UserIdMapping {
    v11: IdKind;
    v13: IdKind;
    /** The 1.1 attribute and the 1.3 claim and property as read. */
    attribute: string;
    claim: string;
    property: string;
    /** The 1.3 claim and property that give the 1.1 kind, when one is known and offered by the form. */
    offer: {claim: string; property: string} | null;
}

/** From this release on, local_kaltura sends the username as `sub` (docs/platform.md §2.1). */
const SUB_IS_USERNAME = [4, 4, 2];
/** Assumed: mod_lti's claim mapping puts ext_user_username into the ext claim's user_username. */
const EXT_CLAIM = /\/claim\/ext$/;
const EXT_USERNAME = 'user_username';

/**
 * What the 1.1 attribute names: `user_id` is Moodle's user id; a parameter naming the username (ext_user_username,
 * custom_username...) is the username; anything else (email, sourcedid) is other.
 *
 * @param attribute ltiUserIdAttribute
 * @returns the kind
 */
export function kind11(attribute: string): IdKind {
    const a = attribute.trim().toLowerCase();
    if (a === 'user_id') {
        return 'userid';
    }
    return /username/.test(a) ? 'username' : 'other';
}

/**
 * What the 1.3 claim gives: `sub` (no property) is the username from local_kaltura 4.4.2 on and the user id before;
 * the ext claim's user_username is the username (assumed); anything else is other.
 *
 * @param claim lti13UserIdClaim
 * @param property lti13UserIdClaimProperty
 * @param release local_kaltura's release
 * @returns the kind
 */
export function kind13(claim: string, property: string, release: string): IdKind {
    const c = claim.trim();
    const p = property.trim();
    if (c === 'sub' && p === '') {
        const rel = parseRelease(release);
        return rel !== null && compareVersions(rel, SUB_IS_USERNAME) >= 0 ? 'username' : 'userid';
    }
    return EXT_CLAIM.test(c) && p === EXT_USERNAME ? 'username' : 'other';
}

/**
 * Reads both mappings from the Hosted page and finds the 1.3 setting that matches 1.1, among the options the
 * claim select offers.
 *
 * @param release local_kaltura's release (what the 1.3 claim means)
 * @param hosted the Hosted page
 * @returns the mapping, or null when the page lacks the fields (1.3 fields rendered only after the switch)
 */
export function userIdMapping(release: string, hosted: HostedView): UserIdMapping | null {
    if (!hosted.values.has('ltiUserIdAttribute') || !hosted.values.has('lti13UserIdClaim')) {
        return null;
    }
    const attribute = hostedValue(hosted, 'ltiUserIdAttribute');
    const claim = hostedValue(hosted, 'lti13UserIdClaim');
    const property = hostedValue(hosted, 'lti13UserIdClaimProperty');
    const v11 = kind11(attribute);
    const v13 = kind13(claim, property, release);
    const select = hosted.form.controls.find((c) => c.name === 'lti13UserIdClaim');
    const options = select ? select.options.map((o) => o.value) : [];
    const candidates = [
        ...options.filter((o) => o === 'sub').map((o) => ({claim: o, property: ''})),
        ...options.filter((o) => EXT_CLAIM.test(o)).map((o) => ({claim: o, property: EXT_USERNAME})),
    ];
    const offer = v11 === 'other' || v11 === v13 ? null
        : candidates.find((c) => kind13(c.claim, c.property, release) === v11) ?? null;
    return {v11, v13, attribute, claim, property, offer};
}

/**
 * Whether users would get different Kaltura ids under 1.3 (only when both kinds are known).
 *
 * @param m the mapping
 * @returns true when they differ
 */
export function mappingDiffers(m: UserIdMapping): boolean {
    return m.v11 !== 'other' && m.v13 !== 'other' && m.v11 !== m.v13;
}
