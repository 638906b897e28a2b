// Issue 8: the Video Quiz grade tools (zero, one, several; the client id conflict), Ltigrading, and user-id
// continuity (each mapping case), from preflight to plan and page context.
import {describe, expect, it} from 'vitest';
import type {State, ToolType} from '../../amd/src/services';
import {parseHtml} from '../../amd/src/local/kafform';
import {makePlan, makeRevertPlan, selectedPlan, selectOptional} from '../../amd/src/local/plan';
import {readHosted, readModule, type HostedView, type KafView} from '../../amd/src/local/hosted';
import {preflightKaf, preflightLocal} from '../../amd/src/local/preflight';
import {chooseTool, toolTargets, toolUpgraded} from '../../amd/src/local/tooltypes';
import {kind11, kind13, mappingDiffers, userIdMapping} from '../../amd/src/local/userid';
import {planContext, userIdOptions} from '../../amd/src/ui/plancontext';
import {checkUserIds} from '../../amd/src/local/verify';
import {hostedHtml, state} from './fixtures';

const EXT = 'https://purl.imsglobal.org/spec/lti/claim/ext';

/**
 * A grade tool on the KAF host, on LTI 1.1.
 *
 * @param id lti_types id
 * @param over overrides
 * @returns the tool
 */
function tool(id: number, over: Partial<ToolType> = {}): ToolType {
    return {id, name: 'Quiz ' + id, baseurl: 'https://12345.kaf.kaltura.com/browseandembed', ltiversion: 'LTI-1p0',
        clientid: '', keytype: '', publickeyset: '', initiatelogin: '', redirectionuris: '',
        ltiservice_gradesynchronization: '', activitycount: 0, activities: [], ...over};
}

/**
 * A state with grade tools.
 *
 * @param tools the tools
 * @param holder the lti_types id holding the client id
 * @param release local_kaltura's release
 * @returns the state
 */
function withTools(tools: ToolType[], holder = 0, release = '4.4.2'): State {
    const s = state();
    return {...s, kaltura: {...s.kaltura, release}, lti: {...s.lti, tooltypes: tools, clientidtype: holder}};
}

/**
 * A Ltigrading page.
 *
 * @param enabled its enabled value
 * @returns the page view
 */
function ltigrading(enabled: string): KafView['ltigrading'] {
    const html = `<form method="post" action="/admin/config/tab/ltigrading">
<select name="enabled"><option value="1"${enabled === '1' ? ' selected' : ''}>Yes</option>
<option value="0"${enabled === '0' ? ' selected' : ''}>No</option></select>
<input type="text" name="maxGrade" value="100"><input type="submit" class="save" name="save" value="Save"></form>`;
    return readModule(parseHtml(html), '/admin/config/tab/ltigrading');
}

/**
 * A KAF view.
 *
 * @param opts page options
 * @param lg Ltigrading page (undefined: not read)
 * @returns the view
 */
function kafView(opts: Parameters<typeof hostedHtml>[0] = {}, lg?: KafView['ltigrading']): KafView {
    const h = readHosted(parseHtml(hostedHtml(opts)), '/admin/config/tab/hosted');
    if ('problem' in h) {
        throw new Error(h.problem.key);
    }
    return {hosted: h as HostedView, publicThumbprint: '', publicInKeySet: false, ...(lg !== undefined ? {ltigrading: lg} : {})};
}

const byId = (checks: ReturnType<typeof preflightLocal>, id: string) => checks.find((c) => c.id === id);

describe('grade tools', () => {
    it('zero tools: preflight passes, no tool line', () => {
        const s = withTools([]);
        expect(byId(preflightLocal(s), 'tooltypes')).toMatchObject({result: 'pass', message: {key: 'engine_pf_tooltypesnone'}});
        const plan = makePlan(s, kafView());
        expect(plan.changes.filter((c) => c.where === 'tooltype')).toEqual([]);
        expect(plan.tools).toEqual({candidates: [], chosen: null, locked: false});
    });

    it('one tool: every LTI 1.3 value planned, AGS on, then nothing left to do', () => {
        const t = tool(4, {activitycount: 2});
        const s = withTools([t]);
        expect(byId(preflightLocal(s), 'tooltypes')).toMatchObject({result: 'pass',
            message: {key: 'engine_pf_tooltypesplanned', params: {name: 'Quiz 4', count: 2}}});
        const lines = makePlan(s, kafView()).changes.filter((c) => c.where === 'tooltype');
        expect(Object.fromEntries(lines.map((c) => [c.field, c.afterDisplay]))).toEqual({
            ltiversion: '1.3.0', clientid: 'AbCdEfGhIjKlMnO', keytype: 'JWK_KEYSET',
            publickeyset: 'https://12345.kaf.kaltura.com/hosted/index/lti-advantage-key-set',
            initiatelogin: 'https://12345.kaf.kaltura.com/hosted/index/oidc-init',
            redirectionuris: 'https://12345.kaf.kaltura.com/hosted/index/oauth2-launch',
            ltiservice_gradesynchronization: '2'});
        expect(lines.every((c) => c.tool?.id === 4)).toBe(true);
        const done = {...t, ...Object.fromEntries(toolTargets(s, t))};
        const s2 = withTools([done], 4);
        expect(toolUpgraded(s2, done)).toBe(true);
        expect(byId(preflightLocal(s2), 'tooltypes')?.message.key).toBe('engine_pf_tooltypesok');
        expect(makePlan(s2, kafView()).changes.filter((c) => c.where === 'tooltype')).toEqual([]);
    });

    it('keeps a grade sync level that is already on', () => {
        const s = withTools([tool(4, {ltiservice_gradesynchronization: '1'})]);
        expect(makePlan(s, kafView()).changes.some((c) => c.field === 'ltiservice_gradesynchronization')).toBe(false);
    });

    it('several tools: a warning, the busiest chosen by default, the admin can choose another', () => {
        const s = withTools([tool(4, {activitycount: 1}), tool(7, {activitycount: 5}), tool(9, {activitycount: 5})]);
        expect(byId(preflightLocal(s), 'tooltypes')).toMatchObject({result: 'warn',
            message: {key: 'engine_pf_tooltypesseveral', params: {count: 3, name: 'Quiz 7'}}});
        expect(makePlan(s, kafView()).tools).toEqual({candidates: [4, 7, 9], chosen: 7, locked: false});
        const plan = makePlan(s, kafView(), {tool: 4});
        expect(plan.tools?.chosen).toBe(4);
        expect(new Set(plan.changes.filter((c) => c.where === 'tooltype').map((c) => c.tool?.id))).toEqual(new Set([4]));
        expect(makePlan(s, kafView(), {tool: 99}).tools?.chosen).toBe(7);
    });

    it('client id conflict: the tool already holding it is the only choice', () => {
        const s = withTools([tool(4, {activitycount: 9}), tool(7, {clientid: 'AbCdEfGhIjKlMnO', ltiversion: '1.3.0'})], 7);
        expect(chooseTool(s, 4)).toEqual({candidates: [4, 7], chosen: 7, locked: true, heldElsewhere: false});
        expect(byId(preflightLocal(s), 'tooltypes')).toMatchObject({result: 'warn', message: {key: 'engine_pf_tooltypesheldby'}});
        const plan = makePlan(s, kafView(), {tool: 4});
        expect(plan.changes.filter((c) => c.where === 'tooltype').every((c) => c.tool?.id === 7)).toBe(true);
        expect(plan.changes.some((c) => c.field === 'clientid')).toBe(false);
    });

    it('client id held by a tool off the KAF host: no tool line, a warning', () => {
        const s = withTools([tool(4)], 55);
        expect(byId(preflightLocal(s), 'tooltypes')).toMatchObject({result: 'warn', message: {key: 'engine_pf_tooltypesheld'}});
        expect(makePlan(s, kafView()).changes.filter((c) => c.where === 'tooltype')).toEqual([]);
    });

    it('the page lists the choice with each tool\'s activities', () => {
        const s = withTools([tool(4, {activitycount: 1, activities: [{course: 'BIO', name: 'Q1'}]}), tool(7)]);
        const t = (m: {key: string; params?: object}) => m.key + (m.params ? JSON.stringify(m.params) : '');
        const ctx = planContext(makePlan(s, kafView()), t, s) as {tools: {options: Array<Record<string, unknown>>}};
        expect(ctx.tools.options).toEqual([
            {id: 4, name: 'Quiz 4', baseurl: tool(4).baseurl, checked: true, disabled: false, usage: 'plan_toolusage{"count":1}',
                hasactivities: true, activities: [{text: 'BIO: Q1'}]},
            {id: 7, name: 'Quiz 7', baseurl: tool(7).baseurl, checked: false, disabled: false, usage: 'plan_toolusage{"count":0}',
                hasactivities: false, activities: []},
        ]);
        const one = withTools([tool(4)]);
        expect((planContext(makePlan(one, kafView()), t, one) as {tools: unknown}).tools).toBeNull();
    });

    it('revert: the tool this upgrade set up goes back to LTI 1.1, others are left alone', () => {
        const s = withTools([tool(4, {ltiversion: '1.3.0', clientid: 'AbCdEfGhIjKlMnO'}), tool(7, {ltiversion: '1.3.0',
            clientid: 'other'})], 4);
        const lines = makeRevertPlan({...s, settings: {...s.settings, lti_version: '1.3.0'}}, kafView({auth: 'lti1.3'}))
            .changes.filter((c) => c.where === 'tooltype');
        expect(lines.map((c) => [c.tool?.id, c.field, c.afterDisplay])).toEqual([[4, 'ltiversion', 'LTI-1p0']]);
    });
});

describe('Ltigrading', () => {
    it('off: a warning and a plan line that turns it on', () => {
        const k = kafView({}, ltigrading('0'));
        expect(byId(preflightKaf(state(), k, '5'), 'ltigrading')).toMatchObject({result: 'warn',
            message: {key: 'engine_pf_ltigradingoff'}});
        expect(makePlan(state(), k).changes.filter((c) => c.where === 'ltigrading')).toMatchObject([
            {field: 'enabled', before: '0', after: {kind: 'value', value: '1'}}]);
    });

    it('on: passes, no line; missing: a warning, no line', () => {
        const on = kafView({}, ltigrading('1'));
        expect(byId(preflightKaf(state(), on, '5'), 'ltigrading')?.result).toBe('pass');
        expect(makePlan(state(), on).changes.some((c) => c.where === 'ltigrading')).toBe(false);
        const missing = kafView({}, null);
        expect(byId(preflightKaf(state(), missing, '5'), 'ltigrading')?.message.key).toBe('engine_pf_ltigradingmissing');
        expect(makePlan(state(), missing).changes.some((c) => c.where === 'ltigrading')).toBe(false);
    });

    it('revert leaves it on', () => {
        const k = kafView({auth: 'lti1.3'}, ltigrading('1'));
        expect(makeRevertPlan(state({lti_version: '1.3.0'}), k).changes.some((c) => c.where === 'ltigrading')).toBe(false);
    });
});

describe('user-id continuity', () => {
    it.each([
        ['user_id', 'userid'], ['ext_user_username', 'username'], ['custom_username', 'username'],
        ['lis_person_contact_email_primary', 'other'], ['', 'other'],
    ])('1.1 attribute %s gives the %s', (attribute, kind) => {
        expect(kind11(attribute)).toBe(kind);
    });

    it.each([
        ['sub', '', '4.4.2', 'username'], ['sub', '', '4.4.4', 'username'], ['sub', '', '4.4.1', 'userid'],
        ['sub', '', '4.3.0', 'userid'], [EXT, 'user_username', '4.4.1', 'username'], ['email', '', '4.4.2', 'other'],
        ['sub', 'x', '4.4.2', 'other'],
    ])('1.3 claim %s/%s with release %s gives the %s', (claim, property, release, kind) => {
        expect(kind13(claim, property, release)).toBe(kind);
    });

    /**
     * Preflight and plan for one mapping.
     *
     * @param attribute ltiUserIdAttribute
     * @param claim lti13UserIdClaim
     * @param release local_kaltura release
     * @param property lti13UserIdClaimProperty
     * @returns the check and the plan
     */
    function run(attribute: string, claim: string, release: string, property = '') {
        const s = withTools([], 0, release);
        const k = kafView({userId: {attribute, claim, property}});
        return {check: byId(preflightKaf(s, k, '5'), 'userid'), plan: makePlan(s, k), s, k};
    }

    it('same ids (username both ways, 4.4.2): passes, no line', () => {
        const r = run('ext_user_username', 'sub', '4.4.2');
        expect(r.check).toMatchObject({result: 'pass', message: {key: 'engine_pf_useridsame'}});
        expect(r.plan.changes.some((c) => c.optional)).toBe(false);
    });

    it('same ids (user id both ways, before 4.4.2): passes', () => {
        expect(run('user_id', 'sub', '4.4.1').check?.message.key).toBe('engine_pf_useridsame');
    });

    it('username under 1.1, user id as sub under 1.3 (before 4.4.2): warns, offers the ext claim, opt-in', () => {
        const r = run('ext_user_username', 'sub', '4.4.1');
        expect(r.check).toMatchObject({result: 'warn', message: {key: 'engine_pf_useriddiffers'}});
        const lines = r.plan.changes.filter((c) => c.optional);
        expect(lines.map((c) => [c.field, c.afterDisplay, c.selected])).toEqual([
            ['lti13UserIdClaim', EXT, false], ['lti13UserIdClaimProperty', 'user_username', false]]);
        expect(selectedPlan(r.plan).changes.some((c) => c.optional)).toBe(false);
        expect(selectedPlan(selectOptional(r.plan, true)).changes.filter((c) => c.optional)).toHaveLength(2);
        expect(selectedPlan(makePlan(r.s, r.k, {userid: true})).changes.filter((c) => c.optional)).toHaveLength(2);
        const t = (m: {key: string}) => m.key;
        // One radio group, nothing preselected: keep (sets the claim) or accept new ids.
        const choice = (planContext(r.plan, t) as {useridchoice: {options: Array<{value: string; checked: boolean}>}})
            .useridchoice;
        expect(choice.options.map((o) => [o.value, o.checked])).toEqual([['keep', false], ['accept', false]]);
        const keep = makePlan(r.s, r.k, userIdOptions('keep'));
        expect(keep.userid?.choice).toBe('keep');
        expect(selectedPlan(keep).changes.filter((c) => c.optional)).toHaveLength(2);
        const accept = makePlan(r.s, r.k, userIdOptions('accept'));
        expect(accept.userid?.choice).toBe('acknowledge');
        expect(selectedPlan(accept).changes.some((c) => c.optional)).toBe(false);
        expect((planContext(keep, t) as {useridchoice: {options: Array<{checked: boolean}>}}).useridchoice.options
            .map((o) => o.checked)).toEqual([true, false]);
    });

    it('verification says what the chosen user-id option led to', () => {
        const r = run('ext_user_username', 'sub', '4.4.1');
        const accept = makePlan(r.s, r.k, userIdOptions('accept'));
        // Accepted: the ids differ, as the admin accepted; the evidence says so without failing the run.
        expect(checkUserIds(accept, r.k.hosted)).toMatchObject({id: 'userids', ok: true,
            message: {key: 'engine_ev_useriddiffers', params: {attribute: 'ext_user_username', claim: 'sub', property: '-'}}});
        // Kept: once the claim is set, the same ids.
        const after = kafView({userId: {attribute: 'ext_user_username', claim: EXT, property: 'user_username'}});
        expect(checkUserIds(makePlan(r.s, r.k, userIdOptions('keep')), after.hosted)).toMatchObject({ok: true,
            message: {key: 'engine_ev_useridsame'}});
        // Kept but still different: the check fails.
        expect(checkUserIds(makePlan(r.s, r.k, userIdOptions('keep')), r.k.hosted)?.ok).toBe(false);
        // Never at risk: no evidence at all.
        const same = run('ext_user_username', 'sub', '4.4.2');
        expect(checkUserIds(same.plan, same.k.hosted)).toBeNull();
    });

    it('username under 1.1, ext claim not offered by KAF: warns without a line', () => {
        const s = withTools([], 0, '4.4.1');
        const k = kafView({userId: {attribute: 'ext_user_username', claim: 'sub', options: ['sub', 'email']}});
        expect(byId(preflightKaf(s, k, '5'), 'userid')?.message.key).toBe('engine_pf_useriddiffersnofix');
        expect(makePlan(s, k).changes.some((c) => c.optional)).toBe(false);
    });

    it('user id under 1.1, username as sub under 1.3 (4.4.2): warns, no known claim carries the user id', () => {
        const r = run('user_id', 'sub', '4.4.2');
        expect(r.check).toMatchObject({result: 'warn', message: {key: 'engine_pf_useriddiffersnofix'}});
        expect(r.plan.changes.some((c) => c.optional)).toBe(false);
    });

    it('user id under 1.1, ext claim set under 1.3 (before 4.4.2): offers sub', () => {
        const r = run('user_id', EXT, '4.4.1', 'user_username');
        expect(r.plan.changes.filter((c) => c.optional).map((c) => [c.field, c.afterDisplay])).toEqual([
            ['lti13UserIdClaim', 'sub'], ['lti13UserIdClaimProperty', '']]);
    });

    it('an attribute or claim it cannot read: warns that it cannot tell', () => {
        expect(run('lis_person_contact_email_primary', 'sub', '4.4.2').check?.message.key).toBe('engine_pf_useridunknown');
        expect(run('user_id', 'email', '4.4.2').check?.message.key).toBe('engine_pf_useridunknown');
    });

    it('1.3 fields not shown yet (after-save layout): warns it cannot compare', () => {
        const s = withTools([]);
        const k = kafView({lti13: false, userId: {attribute: 'user_id', claim: 'sub'}});
        expect(userIdMapping(s.kaltura.release, k.hosted)).toBeNull();
        expect(byId(preflightKaf(s, k, '5'), 'userid')?.message.key).toBe('engine_pf_useridunread');
        expect(mappingDiffers({v11: 'userid', v13: 'other', attribute: '', claim: '', property: '', offer: null})).toBe(false);
    });
});

// Issue 20: only site-level tools are grade tools; course tools on the KAF host are listed as not changed.
describe('course tools on the KAF host', () => {
    const courseTool = {id: 8, name: 'My quiz tool', courseid: 5, course: 'BIO101', activitycount: 40};

    it('are listed, with their course, as not changed', () => {
        const s = withTools([tool(4, {activitycount: 1})]);
        const st: State = {...s, lti: {...s.lti, coursetools: [courseTool]}};
        expect(byId(preflightLocal(st), 'coursetools')).toMatchObject({result: 'warn', message: {
            key: 'engine_pf_coursetools', params: {count: 1, list: '"My quiz tool" (BIO101, 40)'}}});
        expect(byId(preflightLocal(s), 'coursetools')).toBeUndefined();
    });

    it('are never a candidate: not the default, not chosen when asked for, never planned', () => {
        // A course tool that shows up among the tool types all the same (an older shim) is left out.
        const s = withTools([tool(4, {activitycount: 1}), tool(8, {name: 'My quiz tool', activitycount: 40})]);
        const st: State = {...s, lti: {...s.lti, coursetools: [courseTool]}};
        expect(chooseTool(st)).toMatchObject({candidates: [4], chosen: 4});
        expect(chooseTool(st, 8)).toMatchObject({candidates: [4], chosen: 4});
        expect(byId(preflightLocal(st), 'tooltypes')).toMatchObject({result: 'pass',
            message: {key: 'engine_pf_tooltypesplanned', params: {name: 'Quiz 4'}}});
        const lines = makePlan(st, kafView()).changes.filter((c) => c.where === 'tooltype');
        expect(lines.length).toBeGreaterThan(0);
        expect(lines.every((c) => c.tool?.id === 4)).toBe(true);
    });

    it('a course tool holding the client id leaves no site tool to take it', () => {
        const s = withTools([tool(4)], 8);
        const st: State = {...s, lti: {...s.lti, coursetools: [courseTool]}};
        expect(chooseTool(st)).toMatchObject({chosen: null, heldElsewhere: true});
    });
});

// Issue 20: the config.php test flag is named on the page.
describe('the insecure KAF flag', () => {
    it('is a warning first in the checklist when on, absent when off', () => {
        const s = withTools([]);
        const on: State = {...s, moodle: {...s.moodle, insecurekaf: true}};
        expect(preflightLocal(on)[0]).toMatchObject({id: 'insecurekaf', result: 'warn',
            message: {key: 'engine_pf_insecurekaf'}});
        expect(byId(preflightLocal(s), 'insecurekaf')).toBeUndefined();
    });
});
