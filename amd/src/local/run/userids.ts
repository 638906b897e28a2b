// Keeping users' Kaltura ids in the after-save layout: KAF shows its 1.3 user-id setting only once 1.3 is saved, so
// the run compares it with the 1.1 mapping between its two saves. Pure.

import {type State, msg, type Change, type Plan} from '../model';
import {EngineError} from '../errors';
import {hostedValue, type HostedView} from '../hosted';
import {mappingDiffers, userIdMapping} from '../userid';

/**
 * Where the admin chose to keep users' Kaltura ids and KAF revealed its 1.3 user-id setting only after the first
 * save: when it differs from 1.1 and a 1.3 setting matches, that setting joins the second save (values, changed
 * here) and the plan (so that verification checks it); when none matches, the run stops here and is rolled back,
 * before any teacher launches with the wrong id.
 *
 * @param plan the plan
 * @param view the Hosted page after the first save
 * @param values the second save's values (changed here)
 * @returns the plan, with the added lines
 */
export function keepUserIds(plan: Plan, view: HostedView, values: Map<string, string>): Plan {
    const decision = plan.userid;
    if (!decision || decision.risk !== 'aftersave' || decision.choice !== 'keep') {
        return plan;
    }
    const m = userIdMapping({kaltura: {release: decision.release}} as State, view);
    if (!m) {
        throw new EngineError(msg('engine_useridstillunread'), 'useridnokeep');
    }
    const params = {attribute: m.attribute || '-', claim: m.claim || '-', property: m.property || '-'};
    if (m.v11 === 'other' || m.v13 === 'other' || (mappingDiffers(m) && !m.offer)) {
        throw new EngineError(msg('engine_useridnokeep', params), 'useridnokeep');
    }
    if (!mappingDiffers(m) || !m.offer) {
        return plan;
    }
    const wanted: Array<[string, string]> = [['lti13UserIdClaim', m.offer.claim], ['lti13UserIdClaimProperty', m.offer.property]];
    const added: Change[] = wanted.filter(([field, value]) => hostedValue(view, field) !== value)
        .map(([field, value]) => {
            const before = hostedValue(view, field);
            return {where: 'kaf', field, before, after: {kind: 'value', value}, beforeDisplay: before, afterDisplay: value};
        });
    for (const [field, value] of wanted.filter(([f]) => added.some((c) => c.field === f))) {
        values.set(field, value);
    }
    return {...plan, changes: [...plan.changes, ...added]};
}
