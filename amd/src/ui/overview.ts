// The page's standing view: the status line, the checklist, the plan, the buttons and the interrupted-run banner.

import {canProceed, preflightLocal, RUN_INTERRUPTED} from '../local/preflight';
import {LTI13} from '../local/ltiwords';
import {needsUserIdChoice} from '../local/plan';
import {actions, regions} from './selectors';
import {checklistContext, planContext, statusContext} from './view';
import {str, withStrings} from './strings';
import {button, show} from './dom';
import {engineIfLoaded, type PageState} from './pagestate';

/**
 * Whether Moodle and KAF are both known to be on LTI 1.3 (KAF as last read, or as a verified run left it).
 *
 * @param ps the page state
 * @returns true when both are
 */
function bothOn13(ps: PageState): boolean {
    return ps.state.settings.lti_version === LTI13 && ps.kafAuth !== null && ps.kafAuth.current === ps.kafAuth.lti13;
}

/**
 * Sets the Upgrade button: usable only with something planned and every choice the plan asks for made.
 *
 * @param upgrade the button
 * @param ps the page state
 * @param blocked whether a failing check or an unfinished run blocks every action
 */
function setUpgradeButton(upgrade: HTMLButtonElement, ps: PageState, blocked: boolean): void {
    const loadedEngine = engineIfLoaded();
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
export function updateButtons(root: HTMLElement, ps: PageState): void {
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
        const on13 = auth !== undefined && ps.state.settings.lti_version === LTI13 && auth.current === auth.lti13;
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
export async function renderOverview(root: HTMLElement, ps: PageState): Promise<void> {
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
 * Offers to resume or roll back a run that did not finish.
 *
 * @param root the page root
 * @param ps the page state
 */
export async function renderBanner(root: HTMLElement, ps: PageState): Promise<void> {
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
    const message = await str(RUN_INTERRUPTED[run.kind], {user: run.userfullname, time});
    await show(root, regions.banner, 'banner', {runid: run.id, message});
}
