// The page's template contexts, built from engine data with a lookup that shows which string was asked for.
import {describe, expect, it} from 'vitest';
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {samplePlan, state} from './fixtures';
import {type KafAuth, checklistContext, formatDuration, mergeChecks, statusContext, stepsContext, verdictContext}
    from '../../amd/src/ui/view';
import {PLAN_REASONS, planContext, userIdOptions} from '../../amd/src/ui/plancontext';
import type {Check, Message, Plan, RunOutcome, StepName, StepState} from '../../amd/src/local/model';

// The text of a message is its key and params, so assertions see exactly what would be looked up.
const t = (m: Message): string => (m.params ? `${m.key}${JSON.stringify(m.params)}` : m.key);

const kaf = (current: string): KafAuth => ({current, lti11: 'lti', lti13: 'lti1.3'});

const plan: Plan = samplePlan();

describe('status', () => {
    it('shows Moodle on 1.1 and KAF unknown before connecting', () => {
        const ctx = statusContext(state(), null, t) as {sides: Array<{version: string; known: boolean; is13: boolean}>};
        expect(ctx.sides.map((s) => [s.version, s.known, s.is13])).toEqual([
            ['status_lti11', true, false], ['side_kafunknown', false, false]]);
    });

    it('shows each side by its own value once connected', () => {
        const ctx = statusContext(state({lti_version: '1.3.0'}), kaf('lti'), t) as {sides: Array<{version: string; is13: boolean}>};
        expect(ctx.sides.map((s) => [s.version, s.is13])).toEqual([['status_lti13', true], ['status_lti11', false]]);
        const other = statusContext(state(), kaf('ks'), t) as {sides: Array<{version: string}>};
        expect(other.sides[1]?.version).toBe('status_other{"value":"ks"}');
    });
});

describe('checklist', () => {
    const checks: Check[] = [
        {id: 'https', result: 'warn', message: {key: 'engine_pf_httpsno', params: {wwwroot: 'http://x'}}},
        {id: 'partnerid', result: 'fail', message: {key: 'engine_pf_partnermissing'}},
    ];

    it('gives each check its title, verdict and message', () => {
        const ctx = checklistContext(checks, t) as {checks: Array<Record<string, unknown>>};
        expect(ctx.checks[0]).toMatchObject({id: 'https', title: 'check_https', warn: true, pass: false, fail: false,
            message: 'engine_pf_httpsno{"wwwroot":"http://x"}', statuslabel: 'check_warn'});
        expect(ctx.checks[1]).toMatchObject({fail: true, statuslabel: 'check_fail'});
    });

    it('lets checks after login replace the same check from page load', () => {
        const later: Check[] = [{id: 'partnerid', result: 'pass', message: {key: 'engine_pf_partnerok'}}];
        expect(mergeChecks(checks, later).map((c) => [c.id, c.result])).toEqual([['https', 'warn'], ['partnerid', 'pass']]);
    });
});

describe('plan', () => {
    it('lists every change with where, before and after, and never a key', () => {
        const ctx = planContext(plan, t) as {empty: boolean; caption: string; rows: Array<Record<string, unknown>>};
        expect(ctx.empty).toBe(false);
        expect(ctx.caption).toBe('plan_caption{"count":3}');
        expect(ctx.rows).toEqual([
            {where: 'plan_where_kaf', field: 'authMethod', before: 'lti', after: 'lti1.3', secret: false,
                reason: 'planreason_kaf_authMethod'},
            {where: 'plan_where_kaf', field: 'lti13ServicePrivateKey', before: 'plan_emptyvalue',
                after: 'plan_newprivatekey', secret: true, reason: 'planreason_kaf_lti13ServicePrivateKey'},
            {where: 'plan_where_moodle', field: 'lti_version', before: 'LTI-1p0', after: '1.3.0', secret: false,
                reason: 'planreason_moodle_lti_version'},
        ]);
    });

    it('says why each line changes, with a string for every field the plan can change', () => {
        const lang = readFileSync(path.resolve(__dirname, '../../lang/en/tool_kalturalti13.php'), 'utf8');
        for (const key of PLAN_REASONS) {
            expect(lang, key).toContain(`$string['${key}']`);
        }
        expect(lang).toMatch(/planreason_moodle_enable_logging'\] = '.*performance/);
    });

    it('says a revert puts trace logging back, and every other revert line back to LTI 1.1', () => {
        const revert: Plan = {...plan, kind: 'revert', changes: [
            {where: 'moodle', field: 'lti_version', before: '1.3.0', after: {kind: 'value', value: 'LTI-1p0'},
                beforeDisplay: '1.3.0', afterDisplay: 'LTI-1p0'},
            {where: 'moodle', field: 'enable_logging', before: '1', after: {kind: 'value', value: '0'},
                beforeDisplay: '1', afterDisplay: '0'}]};
        const rows = (planContext(revert, t) as {rows: Array<{reason: string}>}).rows;
        expect(rows.map((r) => r.reason)).toEqual(['planreason_revert', 'planreason_revert_enable_logging']);
    });

    it('asks for the user-id choice as one radio group, and accepting alone where ids cannot be kept', () => {
        for (const risk of ['differs', 'aftersave'] as const) {
            const ctx = planContext({...plan, userid: {risk, choice: null, release: '4.4.2'}}, t) as {useridack: unknown;
                useridchoice: {options: Array<{value: string; checked: boolean; help: string}>}};
            expect(ctx.useridack).toBeNull();
            expect(ctx.useridchoice.options.map((o) => [o.value, o.checked])).toEqual([['keep', false], ['accept', false]]);
            expect(ctx.useridchoice.options[0]?.help).toBe(risk === 'aftersave' ? 'plan_useridkeepaftersave'
                : 'plan_useridkeep_help');
        }
        for (const risk of ['nofix', 'unknown'] as const) {
            const ctx = planContext({...plan, userid: {risk, choice: 'acknowledge', release: '4.4.2'}}, t);
            expect(ctx).toMatchObject({useridchoice: null, useridack: {label: 'plan_useridack', checked: true,
                help: `plan_userid${risk}`}});
        }
        expect(planContext(plan, t)).toMatchObject({useridchoice: null, useridack: null});
        expect(userIdOptions('keep')).toEqual({userid: true, useridAck: false});
        expect(userIdOptions('accept')).toEqual({userid: false, useridAck: true});
        expect(userIdOptions(true)).toEqual({userid: false, useridAck: true});
    });

    it('says when there is nothing to change', () => {
        expect(planContext({...plan, changes: []}, t)).toMatchObject({empty: true, rows: []});
    });

    it('says a KAF field its form does not show yet is hidden, not empty', () => {
        const hidden = {...plan, changes: plan.changes.map((c) => (c.where === 'kaf' ? {...c, beforeHidden: true} : c))};
        const rows = (planContext(hidden, t) as {rows: Array<Record<string, unknown>>}).rows;
        expect(rows.map((r) => r.before)).toEqual(['plan_hiddenvalue', 'plan_hiddenvalue', 'LTI-1p0']);
    });
});

describe('steps', () => {
    it('shows every normal step, pending until it has a state, with durations and the failure', () => {
        const states = new Map<StepName, StepState>([
            ['start', {status: 'done', startedAt: 0, durationMs: 120, detail: {}}],
            ['snapshot', {status: 'failed', startedAt: 0, durationMs: 2500, error: {key: 'kaftimeout'}}],
        ]);
        const ctx = stepsContext(states, t) as {steps: Array<Record<string, unknown>>};
        expect(ctx.steps.map((s) => s.name)).toEqual(['start', 'backup', 'snapshot', 'keys', 'kaf', 'moodle', 'verify',
            'finish']);
        expect(ctx.steps[0]).toMatchObject({status: 'done', done: true, duration: '120 ms', statuslabel: 'step_done'});
        expect(ctx.steps[2]).toMatchObject({failed: true, duration: '2.5 s', note: 'kaftimeout'});
        expect(ctx.steps[1]).toMatchObject({status: 'pending', pending: true, duration: ''});
    });

    it('shows the rollback steps once they start', () => {
        const states = new Map<StepName, StepState>([['rollback', {status: 'running', startedAt: 1}]]);
        const names = (stepsContext(states, t) as {steps: Array<{name: string}>}).steps.map((s) => s.name);
        expect(names).toContain('rollback');
        expect(names).not.toContain('rollbackverify');
    });

    it('never shows one save done beside the other failed while the rollback is still to run', () => {
        const done: StepState = {status: 'done', startedAt: 0, durationMs: 300, detail: {}};
        const states = new Map<StepName, StepState>([['start', done], ['kaf', {status: 'failed', startedAt: 0,
            durationMs: 200, error: {key: 'engine_err_kafstatus'}}], ['moodle', done]]);
        const status = (): Record<string, string> => Object.fromEntries((stepsContext(states, t) as {steps: Array<{name: string;
            status: string}>}).steps.map((s) => [s.name, s.status]));
        // The Moodle save landed while KAF's failed: to be put back, not done.
        expect(status()).toMatchObject({start: 'done', kaf: 'failed', moodle: 'tobeundone'});
        states.set('rollback', {status: 'running', startedAt: 1});
        expect(status()).toMatchObject({moodle: 'tobeundone', rollback: 'running'});
        states.set('rollback', done);
        expect(status()).toMatchObject({moodle: 'undone', rollback: 'done'});
        expect((stepsContext(states, t) as {steps: Array<{name: string; statuslabel: string}>}).steps
            .find((s) => s.name === 'moodle')?.statuslabel).toBe('step_undone');
        // A rollback that failed leaves the save where it is: done (the verdict lists what to put back).
        states.set('rollback', {status: 'failed', startedAt: 0, durationMs: 1, error: {key: 'x'}});
        expect(status()).toMatchObject({moodle: 'done'});
    });

    it('formats durations', () => {
        expect([formatDuration(0), formatDuration(999), formatDuration(1000), formatDuration(61234)])
            .toEqual(['0 ms', '999 ms', '1.0 s', '61.2 s']);
    });
});

describe('verdict', () => {
    const url = (id: number, f: string): string => `r/${id}/${f}`;

    it('shows a verified upgrade with its evidence and report links', () => {
        const ctx = verdictContext({status: 'completed', runid: 4, keyThumbprint: 'x', evidence: [
            {id: 'oidc', ok: true, message: {key: 'engine_ev_oidcok'}}]}, 'upgrade', t, url);
        expect(ctx).toEqual({success: true, title: 'verdict_upgraded', message: 'verdict_upgraded_message',
            evidence: [{text: 'engine_ev_oidcok'}], reporthtmlurl: 'r/4/html', reportjsonurl: 'r/4/json', choice: ''});
    });

    it('names the user-id option the admin took', () => {
        const done: RunOutcome = {status: 'completed', runid: 4, keyThumbprint: 'x', evidence: []};
        const decision = (choice: 'keep' | 'acknowledge' | null) => ({risk: 'differs', choice, release: '4.4.2'} as const);
        expect(verdictContext(done, 'upgrade', t, url, decision('keep'))).toMatchObject({choice: 'verdict_useridkeep'});
        expect(verdictContext({status: 'rolledback', runid: 4, error: {key: 'e'}, evidence: []}, 'upgrade', t, url,
            decision('acknowledge'))).toMatchObject({choice: 'verdict_useridaccept'});
        expect(verdictContext(done, 'upgrade', t, url, {risk: 'none', choice: null, release: ''})).toMatchObject({choice: ''});
    });

    it('says a revert was a revert', () => {
        expect(verdictContext({status: 'completed', runid: 5, keyThumbprint: '', evidence: []}, 'revert', t, url))
            .toMatchObject({title: 'verdict_reverted'});
    });

    it('lists what is left to do by hand after a failed rollback', () => {
        const ctx = verdictContext({status: 'rollbackfailed', runid: 6, error: {key: 'e'}, message: {key: 'm'},
            sides: [{where: 'moodle', restored: false, differences: [{field: 'lti_version', now: '1.3.0',
                wanted: 'LTI-1p0'}]}]}, 'upgrade', t, url) as {success: boolean; evidence: Array<{text: string}>};
        expect(ctx.success).toBe(false);
        expect(ctx.evidence[0]?.text).toContain('"field":"lti_version"');
    });

    it('says a side that could not be read back after a failed rollback is to be compared by hand', () => {
        const ctx = verdictContext({status: 'rollbackfailed', runid: 6, error: {key: 'e'}, message: {key: 'm'},
            sides: [{where: 'kaf', restored: false, unread: true, differences: []},
                {where: 'moodle', restored: true, differences: []}]}, 'upgrade', t, url) as {evidence: Array<{text: string}>};
        expect(ctx.evidence.map((e) => e.text)).toEqual(['verdict_unread_kaf']);
    });

    it('says nothing was to be done, without a report for a run that never started', () => {
        expect(verdictContext({status: 'nothingtodo', message: {key: 'engine_nothingtodo'}}, 'upgrade', t, url))
            .toEqual({success: true, title: 'verdict_nothing', message: 'engine_nothingtodo', evidence: [], choice: ''});
        expect(verdictContext({status: 'failed', runid: 0, error: {key: 'x'}}, 'upgrade', t, url))
            .not.toHaveProperty('reporthtmlurl');
    });
});
