// The plan has one author: the line a plan leaves to the run (KAF shows its 1.3 user-id setting only after the first
// save) is settled by plan.ts, from the page the run reads then, into the plan that the second save, verification and
// the journal all read.
import {describe, expect, it} from 'vitest';
import {readHosted, type HostedView, type KafView} from '../../amd/src/local/hosted';
import {parseHtml} from '../../amd/src/local/kafform';
import {decidedAfterFirstSave, kafTargets, makePlan, settleAfterFirstSave} from '../../amd/src/local/plan';
import {hostedHtml, state} from './fixtures';

const EXT = 'https://purl.imsglobal.org/spec/lti/claim/ext';

/**
 * A Hosted page.
 *
 * @param opts page options
 * @returns the view
 */
function page(opts: Parameters<typeof hostedHtml>[0]): HostedView {
    const h = readHosted(parseHtml(hostedHtml(opts)), '/admin/config/tab/hosted');
    if ('problem' in h) {
        throw new Error(h.problem.key);
    }
    return h as HostedView;
}

/**
 * The plan of a site whose 1.1 mapping sends the username, under local_kaltura 4.4.0 (`sub` is then the user id),
 * where KAF shows its 1.3 fields only after the first save.
 *
 * @param keep whether the admin chose to keep the ids
 * @returns the plan
 */
function afterSavePlan(keep: boolean) {
    const s = state();
    const k: KafView = {hosted: page({lti13: false, userId: {attribute: 'ext_user_username', claim: 'sub'}}),
        publicThumbprint: '', publicInKeySet: false};
    return makePlan({...s, kaltura: {...s.kaltura, release: '4.4.0'}}, k, keep ? {userid: true} : {useridAck: true});
}

/** The page after the first save: 1.3 saved, `sub` the claim, the ext claim offered. */
const afterFirstSave = page({auth: 'lti1.3', userId: {attribute: 'ext_user_username', claim: 'sub'}});

/**
 * The error code a call throws.
 *
 * @param fn the call
 * @returns the code
 */
function codeOf(fn: () => unknown): string {
    try {
        fn();
    } catch (e) {
        return (e as {errorcode?: string}).errorcode ?? 'no error code';
    }
    return 'no error';
}

describe('the line decided after the first save', () => {
    it('is a typed entry of the plan only where the admin chose to keep the ids and KAF hid the setting', () => {
        const plan = afterSavePlan(true);
        expect(plan.userid).toMatchObject({risk: 'aftersave', choice: 'keep'});
        expect(decidedAfterFirstSave(plan)).toEqual({decide: 'keepuserids', release: '4.4.0'});
        expect(decidedAfterFirstSave(afterSavePlan(false))).toBeNull();
    });

    it('settles into the plan the save posts: the matching 1.3 setting joins it, once', () => {
        const plan = afterSavePlan(true);
        const settled = settleAfterFirstSave(plan, afterFirstSave);
        const added = settled.changes.filter((c) => !plan.changes.includes(c));
        expect(added.map((c) => [c.where, c.field, c.before, c.afterDisplay])).toEqual([
            ['kaf', 'lti13UserIdClaim', 'sub', EXT], ['kaf', 'lti13UserIdClaimProperty', '', 'user_username']]);
        expect(kafTargets(settled, null).get('lti13UserIdClaim')).toBe(EXT);
        expect(kafTargets(settled, null).get('lti13UserIdClaimProperty')).toBe('user_username');
        // The plan it was settled from is not changed (pure), and settling again (a resumed run) adds nothing.
        expect(plan.changes.some((c) => c.field === 'lti13UserIdClaim')).toBe(false);
        expect(settleAfterFirstSave(settled, afterFirstSave)).toEqual(settled);
    });

    it('leaves the plan as it is where the mappings agree, or nothing was left to the run', () => {
        const plan = afterSavePlan(true);
        const same = page({auth: 'lti1.3', userId: {attribute: 'ext_user_username', claim: EXT, property: 'user_username'}});
        expect(settleAfterFirstSave(plan, same)).toBe(plan);
        const acknowledged = afterSavePlan(false);
        expect(settleAfterFirstSave(acknowledged, afterFirstSave)).toBe(acknowledged);
    });

    it('stops the run where no 1.3 setting keeps the ids, or the page still hides them', () => {
        const plan = afterSavePlan(true);
        const noOffer = page({auth: 'lti1.3', userId: {attribute: 'ext_user_username', claim: 'sub', options: ['sub', 'email']}});
        expect(codeOf(() => settleAfterFirstSave(plan, noOffer))).toBe('useridnokeep');
        const hidden = page({lti13: false, userId: {attribute: 'ext_user_username', claim: 'sub'}});
        expect(codeOf(() => settleAfterFirstSave(plan, hidden))).toBe('useridnokeep');
    });
});
