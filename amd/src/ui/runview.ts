// A run on the page: the confirmation, the live step list, the verdict, and reading both sides again afterwards.

import Notification from 'core/notification';
import Pending from 'core/pending';
import Config from 'core/config';
import {get_strings as getStrings} from 'core/str';
import {loadForgeBackend, type Services} from '../services';
import type * as engine from '../engine-lazy';
import {preflightLocal} from '../local/preflight';
import type {RunOutcome, StepName, StepState, UserIdDecision} from '../local/model';
import {regions} from './selectors';
import {STEP_ORDER, stepsContext, verdictContext} from './view';
import {str, withStrings} from './strings';
import {createSaveCancel, runModal} from './modal';
import {focusRegion, prefetch, show} from './dom';
import type {PageState} from './pagestate';
import {renderBanner, renderOverview, updateButtons} from './overview';

/**
 * The report page's URL for a run.
 *
 * @param runid the run
 * @param format html or json
 * @returns the URL
 */
function reportUrl(runid: number, format: 'html' | 'json'): string {
    const base = `${Config.wwwroot}/admin/tool/kalturalti13/report.php?id=${runid}`;
    return format === 'json' ? `${base}&format=json` : base;
}

/** The strings the live step list and the verdict show, whatever the run ends as. */
const RUN_STRINGS = [...STEP_ORDER.map((name) => `steplabel_${name}`), 'step_pending', 'step_running', 'step_done',
    'step_failed', 'step_skipped', 'step_tobeundone', 'step_undone', 'verdict_useridkeep', 'verdict_useridaccept',
    'engine_ev_useridsame', 'engine_ev_useriddiffers', 'verdict_upgraded', 'verdict_upgraded_message', 'verdict_reverted',
    'verdict_reverted_message', 'verdict_rolledback', 'verdict_rollbackfailed', 'verdict_failed', 'verdict_difference',
    'report_view', 'report_download', 'engine_ev_hostedok', 'engine_ev_unplannedok', 'engine_ev_keysetok',
    'engine_ev_oidcok', 'engine_ev_moodleok', 'engine_ev_tooltypesok', 'engine_ev_ltigradingok', 'engine_ev_restoredkaf',
    'engine_ev_restoredmoodle'];

/**
 * Loads the step list's and the verdict's templates and strings ahead of a run (core/templates and core/str keep
 * them), so that the run's first requests do not queue behind them and the verdict shows as soon as the run ends.
 * A failure here only means they are loaded when first shown.
 */
export function prefetchRun(): void {
    prefetch(['steps', 'verdict']);
    Promise.resolve(getStrings(RUN_STRINGS.map((key) => ({key, component: 'tool_kalturalti13'})))).catch(() => undefined);
}

/**
 * Asks the admin to confirm.
 *
 * @param titleKey string key of the title
 * @param questionKey string key of the question
 * @param params its params
 * @returns true when confirmed
 */
export async function confirm(titleKey: string, questionKey: string, params?: Record<string, string | number>):
        Promise<boolean> {
    const modal = await createSaveCancel({
        title: await str(titleKey),
        bodyHtml: `<p>${await str(questionKey, params)}</p>`,
        saveLabel: await str(titleKey),
    });
    return runModal(modal, async() => true);
}

/**
 * Runs one of the engine's runs with the live step list, then shows the verdict.
 *
 * @param root the page root
 * @param ps the page state
 * @param kind upgrade or revert, for the verdict's words
 * @param run starts the run with the progress listener
 * @param userid the plan's user-id decision (upgrades), for the verdict
 * @returns the outcome
 */
export async function runWithProgress(root: HTMLElement, ps: PageState, kind: 'upgrade' | 'revert',
        run: (opts: engine.EngineOptions) => Promise<RunOutcome>, userid?: UserIdDecision): Promise<RunOutcome> {
    const section = root.querySelector<HTMLElement>(regions.progressSection);
    const verdict = root.querySelector<HTMLElement>(regions.verdict);
    if (section) {
        section.hidden = false;
    }
    if (verdict) {
        verdict.innerHTML = '';
    }
    // The button that started the run is disabled while it runs: the focus follows the run instead.
    focusRegion(root, regions.progressHeading);
    const states = new Map<StepName, StepState>();
    // Renders are chained so the list never shows an older state after a newer one.
    let rendering: Promise<void> = Promise.resolve();
    const render = (): void => {
        rendering = rendering.then(async() => {
            await show(root, regions.steps, 'steps', await withStrings((t) => stepsContext(states, t)));
            return undefined;
        }).catch(Notification.exception);
    };
    render();
    prefetchRun();
    ps.busy = true;
    updateButtons(root, ps);
    const pending = new Pending('tool_kalturalti13/run');
    // The verdict shows as soon as the engine knows it; the run's promise ends once the run is closed on the server.
    let shown: Promise<void> | null = null;
    const showVerdict = (o: RunOutcome): Promise<void> => {
        // Not behind the step list's renders: the verdict is its own region, and the list's last state may follow it.
        shown ??= (async() => {
            await show(root, regions.verdict, 'verdict', await withStrings((t) => verdictContext(o, kind, t, reportUrl, userid)));
            root.querySelector<HTMLElement>('[data-region="verdict-box"]')?.focus();
        })();
        return shown;
    };
    let outcome: RunOutcome;
    try {
        outcome = await run({
            loadForge: loadForgeBackend,
            onProgress: (u) => {
                states.set(u.step, u.state);
                render();
            },
            onOutcome: (o) => {
                showVerdict(o).catch(Notification.exception);
            },
        });
    } finally {
        ps.busy = false;
        pending.resolve();
    }
    await showVerdict(outcome);
    await rendering;
    return outcome;
}

/**
 * After a run: read both sides again, so status, checks and plan show what is true now.
 *
 * @param root the page root
 * @param services the shim
 * @param ps the page state
 * @param outcome how the run ended, when it tells where KAF now stands
 * @param kind what the run was
 */
export async function refresh(root: HTMLElement, services: Services, ps: PageState, outcome?: RunOutcome,
        kind?: 'upgrade' | 'revert'): Promise<void> {
    if (outcome && ps.kafAuth) {
        if (outcome.status === 'completed') {
            // Verified: KAF is where the run was going.
            ps.kafAuth = {...ps.kafAuth, current: kind === 'revert' ? ps.kafAuth.lti11 : ps.kafAuth.lti13};
        } else if (outcome.status === 'rollbackfailed') {
            // Unknown until read again.
            ps.kafAuth = null;
        }
    }
    ps.lastFailure = null;
    if (outcome?.status === 'rollbackfailed') {
        ps.lastFailure = 'rollbackfailed';
    } else if (outcome?.status === 'failed' || outcome?.status === 'rolledback') {
        ps.lastFailure = 'rolledback';
    }
    if (outcome?.status === 'completed') {
        // The wiring section below still shows the result from before the run (or none): check again now.
        refreshWiring().catch(Notification.exception);
    }
    ps.state = await services.getState();
    ps.checks = preflightLocal(ps.state);
    ps.plan = null;
    if (ps.connection) {
        // The run closed its KAF session; the admin connects again to plan anything further.
        ps.connection = null;
        const plan = root.querySelector(regions.plan);
        if (plan) {
            plan.textContent = await str('plan_needsconnect');
        }
    }
    await renderBanner(root, ps);
    await renderOverview(root, ps);
}

/**
 * Runs the wiring section's own "Check again now" (index.php, recheck) and shows the section that page then renders,
 * so that after a verified upgrade or revert the section says what is true now without a click.
 */
export async function refreshWiring(): Promise<void> {
    const section = document.querySelector<HTMLElement>(regions.wiringSection);
    if (!section) {
        return;
    }
    const pending = new Pending('tool_kalturalti13/wiring');
    try {
        section.setAttribute('aria-busy', 'true');
        const body = new URLSearchParams({sesskey: Config.sesskey, recheck: '1'});
        const response = await fetch(`${Config.wwwroot}/admin/tool/kalturalti13/index.php`,
            {method: 'POST', body, credentials: 'same-origin'});
        const html = response.ok ? await response.text() : '';
        const fresh = new DOMParser().parseFromString(html, 'text/html').querySelector(regions.wiringSection);
        if (fresh) {
            section.replaceWith(document.importNode(fresh, true));
        }
    } finally {
        section.removeAttribute('aria-busy');
        pending.resolve();
    }
}
