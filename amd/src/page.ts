/**
 * The Kaltura LTI 1.3 upgrade page: wires the page's regions and buttons to the engine.
 *
 * @module     tool_kalturalti13/page
 * @copyright  2026 tool_kalturalti13 contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

import Templates from 'core/templates';
import Notification from 'core/notification';
import Pending from 'core/pending';
import Config from 'core/config';
import {ajaxServices, loadForgeBackend, type Services, type State} from './services';
import {normaliseState, type WireState} from './local/shim';
import type * as engine from './local/engine';
import {canProceed, preflightLocal} from './local/preflight';
import {effectiveKafUri} from './local/kafuri';
import {needsUserIdChoice} from './local/plan';
import type {Check, Plan, RunOutcome, StepName, StepState} from './local/types';
import {actions, regions} from './ui/selectors';
import {checklistContext, mergeChecks, planContext, statusContext, stepsContext, verdictContext} from './ui/view';
import {str, withStrings} from './ui/strings';
import {createSaveCancel, runModal} from './ui/modal';

/** What the page knows; replaced as a whole at each stage so no half-updated state is ever rendered. */
interface PageState {
    state: State;
    checks: Check[];
    connection: engine.Connection | null;
    plan: Plan | null;
    /** The admin's choices on the plan: the grade tool, the opt-in user-id line. */
    planOptions: engine.PlanOptions;
    /** KAF's authMethod as last read or as a verified run left it; null until connected. */
    kafAuth: AuthMethod | null;
    busy: boolean;
}

type AuthMethod = engine.KafView['hosted']['authMethod'];

type EngineModule = typeof import('./engine-lazy');
let enginePromise: Promise<EngineModule> | null = null;
/** The engine once loaded: always set by the time there is a plan (connecting needs it). */
let loadedEngine: EngineModule | null = null;

/**
 * The engine module, loaded once (the page starts loading it right after its first paint).
 *
 * @returns the engine
 */
function loadEngine(): Promise<EngineModule> {
    enginePromise = enginePromise ?? import('./engine-lazy').then((m) => {
        loadedEngine = m;
        return m;
    });
    return enginePromise;
}

/**
 * Renders a template into a region.
 *
 * @param root the page root
 * @param region selector of the region
 * @param template template name without component
 * @param context its context
 */
async function show(root: HTMLElement, region: string, template: string, context: object): Promise<void> {
    const node = root.querySelector<HTMLElement>(region);
    if (!node) {
        return;
    }
    const {html, js} = await Templates.renderForPromise(`tool_kalturalti13/${template}`, context);
    // A choice in the plan (a radio, a tick) re-renders the region it sits in: the focus moves to the new control of
    // the same id at once, never falling to <body>.
    const focusedId = node.contains(document.activeElement) ? document.activeElement?.id ?? '' : '';
    Templates.replaceNodeContents(node, html, js);
    if (focusedId !== '') {
        document.getElementById(focusedId)?.focus();
    }
}

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

/**
 * A button by its action.
 *
 * @param root the page root
 * @param selector the action's selector
 * @returns the button
 */
function button(root: HTMLElement, selector: string): HTMLButtonElement | null {
    return root.querySelector<HTMLButtonElement>(selector);
}

/**
 * Whether Moodle and KAF are both known to be on LTI 1.3 (KAF as last read, or as a verified run left it).
 *
 * @param ps the page state
 * @returns true when both are
 */
function bothOn13(ps: PageState): boolean {
    return ps.state.settings.lti_version === '1.3.0' && ps.kafAuth !== null && ps.kafAuth.current === ps.kafAuth.lti13;
}

/**
 * Sets the Upgrade button: usable only with something planned and every choice the plan asks for made.
 *
 * @param upgrade the button
 * @param ps the page state
 * @param blocked whether a failing check or an unfinished run blocks every action
 */
function setUpgradeButton(upgrade: HTMLButtonElement, ps: PageState, blocked: boolean): void {
    const nothingPlanned = ps.plan === null || loadedEngine === null
        || loadedEngine.selectedPlan(ps.plan).changes.length === 0;
    upgrade.disabled = ps.busy || blocked || nothingPlanned || (ps.plan !== null && needsUserIdChoice(ps.plan));
    // Both sides on LTI 1.3 and nothing planned: no Upgrade at all, rather than a disabled button that still
    // looks like the next step (Moodle's primary blue, only paler).
    upgrade.hidden = bothOn13(ps) && nothingPlanned && !ps.busy;
}

/**
 * Sets the buttons from what the page knows: nothing runs while a check fails or a run is under way.
 *
 * @param root the page root
 * @param ps the page state
 */
function updateButtons(root: HTMLElement, ps: PageState): void {
    const connect = button(root, actions.connect);
    const upgrade = button(root, actions.upgrade);
    const revert = button(root, actions.revert);
    const unfinished = ps.state.run?.status === 'running';
    const ok = canProceed(ps.checks);
    if (connect) {
        connect.disabled = ps.busy || unfinished || ps.connection !== null || !canProceed(preflightLocal(ps.state)
            .filter((c) => c.id !== 'runinprogress'));
    }
    if (upgrade) {
        setUpgradeButton(upgrade, ps, unfinished || !ok);
    }
    if (revert) {
        const auth = ps.connection?.kaf.hosted.authMethod;
        const on13 = auth !== undefined && ps.state.settings.lti_version === '1.3.0' && auth.current === auth.lti13;
        revert.hidden = !on13;
        revert.disabled = ps.busy || unfinished || !on13;
    }
}

/**
 * Renders status, checks and plan.
 *
 * @param root the page root
 * @param ps the page state
 */
async function renderOverview(root: HTMLElement, ps: PageState): Promise<void> {
    const [status, checklist, plan] = await withStrings((t) => [
        statusContext(ps.state, ps.kafAuth, t),
        checklistContext(ps.checks, t),
        ps.plan ? planContext(ps.plan, t, ps.connection?.state ?? ps.state) : null,
    ]);
    // The templates load in parallel: on a first visit each is a round trip to Moodle.
    await Promise.all([
        show(root, regions.status, 'status', status),
        show(root, regions.preflight, 'checklist', checklist),
        plan ? show(root, regions.plan, 'plan', plan) : Promise.resolve(),
    ]);
    root.querySelector(regions.preflight)?.setAttribute('aria-busy', 'false');
    updateButtons(root, ps);
}

/**
 * Asks for the KAF credentials in a modal and connects; wrong credentials are said inside the modal.
 *
 * @param root the page root
 * @param services the shim
 * @param ps the page state
 * @returns the connection and its checks, or null when the admin cancelled
 */
async function askAndConnect(root: HTMLElement, services: Services, ps: PageState):
        Promise<{connection: engine.Connection; checks: Check[]} | null> {
    const kafhost = effectiveKafUri(ps.state.settings.kaf_uri).replace(/^https:\/\//, '');
    const bodyHtml = await Templates.render('tool_kalturalti13/credentials', {kafhost, uniqid: `k${Date.now()}`});
    const modal = await createSaveCancel({
        title: await str('credentials_title'),
        bodyHtml,
        saveLabel: await str('action_connect'),
    });
    let result: {connection: engine.Connection; checks: Check[]} | null = null;
    const saved = await runModal(modal, async(body) => {
        const form = body.querySelector<HTMLFormElement>(regions.credentialsForm);
        const error = body.querySelector<HTMLElement>(regions.credentialsError);
        const username = (form?.elements.namedItem('username') as HTMLInputElement | null)?.value.trim() ?? '';
        const passwordInput = form?.elements.namedItem('password') as HTMLInputElement | null;
        const password = passwordInput?.value ?? '';
        if (!username || !password) {
            if (error) {
                error.textContent = await str('credentials_missing');
            }
            return false;
        }
        const pending = new Pending('tool_kalturalti13/connect');
        try {
            const r = await (await loadEngine()).connect(services, ps.state, {username, password},
                {loadForge: loadForgeBackend, fixKafUri: true});
            if (!r.ok) {
                const failed = r.checks.find((c) => c.result === 'fail');
                if (failed && failed.id === 'kaflogin') {
                    // Wrong credentials: say so where they were typed, keep the modal open.
                    if (error) {
                        error.textContent = await withStrings((t) => t(r.error));
                    }
                    if (passwordInput) {
                        passwordInput.value = '';
                        passwordInput.focus();
                    }
                    return false;
                }
                ps.checks = mergeChecks(ps.checks, r.checks);
                await renderOverview(root, ps);
                return true;
            }
            result = {connection: r.connection, checks: r.checks};
            return true;
        } finally {
            pending.resolve();
        }
    });
    return saved ? result : null;
}

/**
 * Asks the admin to confirm.
 *
 * @param titleKey string key of the title
 * @param questionKey string key of the question
 * @param params its params
 * @returns true when confirmed
 */
async function confirm(titleKey: string, questionKey: string, params?: Record<string, string | number>): Promise<boolean> {
    const modal = await createSaveCancel({
        title: await str(titleKey),
        bodyHtml: `<p>${await str(questionKey, params)}</p>`,
        saveLabel: await str(titleKey),
    });
    return runModal(modal, async() => true);
}

/**
 * Moves the focus to a heading (tabindex -1), when the control that had it is about to be disabled or replaced.
 *
 * @param root the page root
 * @param selector the heading
 */
function focusRegion(root: HTMLElement, selector: string): void {
    root.querySelector<HTMLElement>(selector)?.focus();
}

/**
 * Runs one of the engine's runs with the live step list, then shows the verdict.
 *
 * @param root the page root
 * @param ps the page state
 * @param kind upgrade or revert, for the verdict's words
 * @param run starts the run with the progress listener
 * @returns the outcome
 */
async function runWithProgress(root: HTMLElement, ps: PageState, kind: 'upgrade' | 'revert',
        run: (opts: engine.EngineOptions) => Promise<RunOutcome>): Promise<RunOutcome> {
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
    ps.busy = true;
    updateButtons(root, ps);
    const pending = new Pending('tool_kalturalti13/run');
    let outcome: RunOutcome;
    try {
        outcome = await run({
            loadForge: loadForgeBackend,
            onProgress: (u) => {
                states.set(u.step, u.state);
                render();
            },
        });
    } finally {
        ps.busy = false;
        pending.resolve();
    }
    await rendering;
    await show(root, regions.verdict, 'verdict', await withStrings((t) => verdictContext(outcome, kind, t, reportUrl)));
    root.querySelector<HTMLElement>('[data-region="verdict-box"]')?.focus();
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
async function refresh(root: HTMLElement, services: Services, ps: PageState, outcome?: RunOutcome,
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
 * Offers to resume or roll back a run that did not finish.
 *
 * @param root the page root
 * @param ps the page state
 */
async function renderBanner(root: HTMLElement, ps: PageState): Promise<void> {
    const run = ps.state.run;
    const banner = root.querySelector<HTMLElement>(regions.banner);
    if (!banner) {
        return;
    }
    if (!run || run.status !== 'running') {
        banner.innerHTML = '';
        return;
    }
    const time = new Date(run.timestarted * 1000).toLocaleString();
    const message = await str('run_interrupted', {kind: run.kind, user: run.userfullname, time});
    await show(root, regions.banner, 'banner', {runid: run.id, message});
}

/**
 * The admin changed a choice on the plan (the grade tool, the opt-in line): plan again and show it.
 *
 * @param root the page root
 * @param ps the page state
 * @param target the input that changed
 */
async function onPlanChoice(root: HTMLElement, ps: PageState, target: HTMLInputElement): Promise<void> {
    if (ps.busy || !ps.connection) {
        return;
    }
    if (target.matches(actions.chooseTool)) {
        ps.planOptions = {...ps.planOptions, tool: Number(target.value)};
    } else if (target.matches(actions.optIn)) {
        ps.planOptions = {...ps.planOptions, userid: target.checked};
    } else if (target.matches(actions.useridAck)) {
        ps.planOptions = {...ps.planOptions, useridAck: target.checked};
    } else {
        return;
    }
    ps.plan = (await loadEngine()).makePlan(ps.connection.state, ps.connection.kaf, ps.planOptions);
    await renderOverview(root, ps);
}

/**
 * Handles the page's buttons.
 *
 * @param root the page root
 * @param services the shim
 * @param ps the page state
 * @param target what was clicked
 */
async function onAction(root: HTMLElement, services: Services, ps: PageState, target: HTMLElement): Promise<void> {
    if (ps.busy) {
        return;
    }
    if (target.matches(actions.connect)) {
        const c = await askAndConnect(root, services, ps);
        if (c) {
            ps.connection = c.connection;
            ps.state = c.connection.state;
            ps.checks = mergeChecks(preflightLocal(ps.state), c.checks);
            ps.plan = (await loadEngine()).makePlan(c.connection.state, c.connection.kaf, ps.planOptions);
            ps.kafAuth = c.connection.kaf.hosted.authMethod;
            await renderOverview(root, ps);
            // Connect is disabled now: the focus it had goes to the plan, not to <body>.
            focusRegion(root, regions.planHeading);
        }
        return;
    }
    if (target.matches(actions.upgrade) && ps.connection && ps.plan) {
        const eng = await loadEngine();
        if (!await confirm('confirm_upgrade_title', 'confirm_upgrade', {count: eng.selectedPlan(ps.plan).changes.length})) {
            return;
        }
        const conn = ps.connection;
        const plan = ps.plan;
        const outcome = await runWithProgress(root, ps, 'upgrade', (opts) => eng.runUpgrade(conn, plan, opts));
        await refresh(root, services, ps, outcome, 'upgrade');
        return;
    }
    if (target.matches(actions.revert) && ps.connection) {
        if (!await confirm('confirm_revert_title', 'confirm_revert')) {
            return;
        }
        const conn = ps.connection;
        const eng = await loadEngine();
        const outcome = await runWithProgress(root, ps, 'revert', (opts) => eng.revert(conn, opts));
        await refresh(root, services, ps, outcome, 'revert');
        return;
    }
    const run = ps.state.run;
    if ((target.matches(actions.resume) || target.matches(actions.rollback)) && run) {
        const c = await askAndConnect(root, services, ps);
        if (!c) {
            return;
        }
        const resuming = target.matches(actions.resume);
        root.querySelector<HTMLElement>(regions.banner)?.replaceChildren();
        ps.kafAuth = c.connection.kaf.hosted.authMethod;
        const eng = await loadEngine();
        const outcome = await runWithProgress(root, ps, run.kind, (opts) =>
            (resuming ? eng.resume(c.connection, run, opts) : eng.rollback(c.connection, run, opts)));
        // A rollback ends where the run started; a resumed run where it was going.
        await refresh(root, services, ps, resuming ? outcome : undefined, run.kind);
    }
}

/**
 * Start the page.
 *
 * @param rootSelector CSS selector of the page's root element
 */
export const init = async(rootSelector: string): Promise<void> => {
    const root = document.querySelector<HTMLElement>(rootSelector);
    if (!root) {
        return;
    }
    const pending = new Pending('tool_kalturalti13/init');
    const services = ajaxServices();
    try {
        // The state comes in the page (index.php); a page without it (an older cache) asks for it.
        const inline = root.dataset.state;
        const state = inline ? normaliseState(JSON.parse(inline) as WireState) : await services.getState();
        const ps: PageState = {state, checks: preflightLocal(state), connection: null, plan: null, kafAuth: null,
            busy: false, planOptions: {}};
        root.addEventListener('change', (e) => {
            const target = e.target as HTMLInputElement | null;
            if (target && root.contains(target)) {
                onPlanChoice(root, ps, target).catch((err) => Notification.exception(err));
            }
        });
        root.addEventListener('click', (e) => {
            const target = (e.target as HTMLElement | null)?.closest<HTMLElement>('[data-action]');
            // Plan choices (radio, checkbox) are inputs: they act on change, and their click must tick them.
            if (target && root.contains(target) && !(target instanceof HTMLInputElement)) {
                e.preventDefault();
                onAction(root, services, ps, target).catch((err) => {
                    ps.busy = false;
                    updateButtons(root, ps);
                    return Notification.exception(err);
                });
            }
        });
        await Promise.all([renderBanner(root, ps), renderOverview(root, ps)]);
        root.dataset.ready = '1';
        // The engine is needed from Connect on; fetch it now, off the path to the first paint. A failure here shows
        // again, with its message, when the admin connects.
        loadEngine().catch(() => null);
    } catch (e) {
        await Notification.exception(e);
    } finally {
        pending.resolve();
    }
};
