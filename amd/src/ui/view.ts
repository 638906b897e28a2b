// Template contexts for the page, built from engine data. Pure: strings come in through a lookup function,
// so tests can check every context without Moodle.

import type {State} from '../services';
import type {Check, Message, StepName, StepState, RunOutcome, Evidence, UserIdDecision} from '../local/model';
import type {KafView} from '../local/hosted';
import {LTI11, LTI13} from '../local/ltiwords';

/** KAF's authMethod: its value now and the option values that mean 1.1 and 1.3. */
export type KafAuth = KafView['hosted']['authMethod'];

/** Resolves a message to text (core/str on the page, a table in tests). */
export type Lookup = (message: Message) => string;

/** The order the live step list shows. */
export const STEP_ORDER: StepName[] = ['start', 'backup', 'snapshot', 'keys', 'kaf', 'moodle', 'verify',
    'rollback', 'rollbackverify', 'finish'];

/** Steps that appear only when something failed. */
const ROLLBACK_STEPS: StepName[] = ['rollback', 'rollbackverify'];

/**
 * Names an LTI version for the status line.
 *
 * @param value lti_version (Moodle) or authMethod (KAF)
 * @param lti13 the value that means LTI 1.3 on that side
 * @param lti11 the value that means LTI 1.1 on that side
 * @param t lookup
 * @returns label and whether it is 1.3
 */
function versionLabel(value: string, lti13: string, lti11: string, t: Lookup): {version: string; is13: boolean} {
    if (value === lti13) {
        return {version: t({key: 'status_lti13'}), is13: true};
    }
    if (value === lti11) {
        return {version: t({key: 'status_lti11'}), is13: false};
    }
    return {version: t({key: 'status_other', params: {value: value || '-'}}), is13: false};
}

/**
 * The status context: the LTI version on each side.
 *
 * @param state Moodle's state
 * @param kaf KAF's authMethod, once known
 * @param t lookup
 * @returns the context for tool_kalturalti13/status
 */
export function statusContext(state: State, kaf: KafAuth | null, t: Lookup): object {
    const moodle = versionLabel(state.settings.lti_version, LTI13, LTI11, t);
    const sides = [{label: t({key: 'side_moodle'}), known: true, ...moodle}];
    if (kaf) {
        sides.push({label: t({key: 'side_kaf'}), known: true, ...versionLabel(kaf.current, kaf.lti13, kaf.lti11, t)});
    } else {
        sides.push({label: t({key: 'side_kaf'}), known: false, version: t({key: 'side_kafunknown'}), is13: false});
    }
    return {sides};
}

/**
 * The checklist context.
 *
 * @param checks the checks, in order
 * @param t lookup
 * @returns the context for tool_kalturalti13/checklist
 */
export function checklistContext(checks: Check[], t: Lookup): object {
    return {
        checks: checks.map((c) => ({
            id: c.id,
            title: t({key: `check_${c.id}`}),
            message: [c.message, ...c.details ?? []].map(t).join(' '),
            pass: c.result === 'pass',
            warn: c.result === 'warn',
            fail: c.result === 'fail',
            statuslabel: t({key: `check_${c.result}`}),
        })),
    };
}

/**
 * Merges two check lists: a later check with the same id replaces the earlier one.
 *
 * @param first checks from page load
 * @param later checks after login
 * @returns one list
 */
export function mergeChecks(first: Check[], later: Check[]): Check[] {
    const ids = new Set(later.map((c) => c.id));
    return [...first.filter((c) => !ids.has(c.id)), ...later];
}

/**
 * Formats a duration for the step list.
 *
 * @param ms milliseconds
 * @returns text such as "0.4 s"
 */
export function formatDuration(ms: number): string {
    return ms < 1000 ? `${Math.max(0, Math.round(ms))} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** The steps that write to KAF or Moodle: in parallel, so one may be done while the other failed. */
const WRITE_STEPS: StepName[] = ['kaf', 'moodle'];

/**
 * How a write step that was done shows once another step failed: to be put back while the rollback has not ended,
 * put back once it has (a rollback that failed leaves it "Done": the verdict says what is where).
 *
 * @param states each step's state so far
 * @returns 'tobeundone', 'undone', or null when done means done
 */
function undoState(states: Map<StepName, StepState>): 'tobeundone' | 'undone' | null {
    const failed = STEP_ORDER.some((name) => !ROLLBACK_STEPS.includes(name) && states.get(name)?.status === 'failed');
    if (!failed) {
        return null;
    }
    const rollback = states.get('rollback')?.status;
    if (rollback === 'done') {
        return 'undone';
    }
    return rollback === 'failed' || rollback === 'skipped' ? null : 'tobeundone';
}

/**
 * The live step list context. Rollback steps appear only once they have a state.
 *
 * @param states each step's state so far
 * @param t lookup
 * @returns the context for tool_kalturalti13/steps
 */
export function stepsContext(states: Map<StepName, StepState>, t: Lookup): object {
    const undo = undoState(states);
    const steps = STEP_ORDER.filter((name) => !ROLLBACK_STEPS.includes(name) || states.has(name)).map((name) => {
        const state: StepState = states.get(name) ?? {status: 'pending'};
        if (undo !== null && state.status === 'done' && WRITE_STEPS.includes(name)) {
            // A save that landed while the other side failed: not "Done" while the rollback is still to put it back.
            return {name, label: t({key: `steplabel_${name}`}), status: undo, statuslabel: t({key: `step_${undo}`}),
                [undo]: true, duration: formatDuration(state.durationMs), note: ''};
        }
        let duration = '';
        let note = '';
        if (state.status === 'done' || state.status === 'failed') {
            duration = formatDuration(state.durationMs);
        }
        if (state.status === 'failed') {
            note = t(state.error);
        } else if (state.status === 'skipped') {
            note = t(state.reason);
        }
        return {
            name,
            label: t({key: `steplabel_${name}`}),
            status: state.status,
            statuslabel: t({key: `step_${state.status}`}),
            [state.status]: true,
            duration,
            note,
        };
    });
    return {steps};
}

/**
 * The verdict context for a run's outcome.
 *
 * @param outcome the outcome
 * @param kind upgrade or revert
 * @param t lookup
 * @param reportUrl the report page for a run id
 * @param userid the plan's user-id decision (upgrades), so the verdict names the option taken
 * @returns the context for tool_kalturalti13/verdict
 */
export function verdictContext(outcome: RunOutcome, kind: 'upgrade' | 'revert', t: Lookup,
        reportUrl: (runid: number, format: 'html' | 'json') => string, userid?: UserIdDecision): object {
    const choice = outcome.status === 'nothingtodo' ? '' : userIdChoiceText(userid, t);
    return {...verdictOutcome(outcome, kind, t, reportUrl), choice};
}

/**
 * The user-id option the admin took for the run, in words ('' when users' ids were not at risk).
 *
 * @param userid the plan's user-id decision
 * @param t lookup
 * @returns the text
 */
function userIdChoiceText(userid: UserIdDecision | undefined, t: Lookup): string {
    if (!userid || userid.risk === 'none' || userid.choice === null) {
        return '';
    }
    return t({key: userid.choice === 'keep' ? 'verdict_useridkeep' : 'verdict_useridaccept'});
}

/**
 * The verdict's outcome part.
 *
 * @param outcome the outcome
 * @param kind upgrade or revert
 * @param t lookup
 * @param reportUrl the report page for a run id
 * @returns title, message, evidence and links
 */
function verdictOutcome(outcome: RunOutcome, kind: 'upgrade' | 'revert', t: Lookup,
        reportUrl: (runid: number, format: 'html' | 'json') => string): object {
    const evidence = (list: Evidence[]): Array<{text: string}> => list.map((e) => ({text: t(e.message)}));
    const links = (runid: number): object => (runid > 0 ? {
        reporthtmlurl: reportUrl(runid, 'html'),
        reportjsonurl: reportUrl(runid, 'json'),
    } : {});
    switch (outcome.status) {
        case 'nothingtodo':
            return {success: true, title: t({key: 'verdict_nothing'}), message: t(outcome.message), evidence: []};
        case 'completed':
            return {
                success: true,
                title: t({key: kind === 'revert' ? 'verdict_reverted' : 'verdict_upgraded'}),
                message: t({key: kind === 'revert' ? 'verdict_reverted_message' : 'verdict_upgraded_message'}),
                evidence: evidence(outcome.evidence),
                ...links(outcome.runid),
            };
        case 'rolledback':
            return {
                success: false,
                title: t({key: 'verdict_rolledback'}),
                message: t(outcome.error),
                evidence: evidence(outcome.evidence),
                ...links(outcome.runid),
            };
        case 'rollbackfailed':
            return {
                success: false,
                title: t({key: 'verdict_rollbackfailed'}),
                message: `${t(outcome.error)} ${t(outcome.message)}`,
                evidence: outcome.sides.flatMap((side) => (side.unread ? [{text: t({key: `verdict_unread_${side.where}`})}]
                    : []).concat(side.differences.map((d) => ({
                    text: d.absent
                        ? t({key: 'verdict_difference_absent', params: {where: t({key: `plan_where_${side.where}`}),
                            field: d.field, wanted: d.wanted}})
                        : t({key: 'verdict_difference', params: {where: t({key: `plan_where_${side.where}`}),
                            field: d.field, now: d.now, wanted: d.wanted}}),
                })))),
                ...links(outcome.runid),
            };
        case 'failed':
            return {
                success: false,
                title: t({key: 'verdict_failed'}),
                message: t(outcome.error),
                evidence: [],
                ...links(outcome.runid),
            };
    }
    return {};
}
