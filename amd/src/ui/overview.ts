// The page's standing view: the status line, the checklist, the plan, the buttons and the interrupted-run banner.

import Notification from 'core/notification';
import {canProceed, preflightLocal, RUN_INTERRUPTED} from '../local/preflight';
import {LTI13} from '../local/ltiwords';
import {needsUserIdChoice} from '../local/plan';
import {actions, regions} from './selectors';
import {checklistContext, statusContext} from './view';
import {planContext} from './plancontext';
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
 * Sets the Upgrade button: usable only with something planned and every choice the plan asks for made. Only a
 * usable Upgrade wears the primary style: a paler primary still reads as the next step.
 *
 * @param upgrade the button
 * @param ps the page state
 * @param blocked whether a failing check or an unfinished run blocks every action
 * @returns the reason it waits, as a string key, or null
 */
function setUpgradeButton(upgrade: HTMLButtonElement, ps: PageState, blocked: boolean): string | null {
    const loadedEngine = engineIfLoaded();
    const nothingPlanned = ps.plan === null || loadedEngine === null
        || loadedEngine.selectedPlan(ps.plan).changes.length === 0;
    const waitsForUserId = ps.plan !== null && needsUserIdChoice(ps.plan);
    upgrade.disabled = ps.busy || blocked || nothingPlanned || waitsForUserId;
    // Both sides on LTI 1.3 and nothing planned: no Upgrade at all, rather than a disabled button that still
    // looks like the next step.
    upgrade.hidden = bothOn13(ps) && nothingPlanned && !ps.busy;
    const ready = !upgrade.disabled && !upgrade.hidden;
    upgrade.classList.toggle('btn-primary', ready);
    upgrade.classList.toggle('btn-secondary', !ready);
    if (ps.busy) {
        return null;
    }
    // After a failed run the next step is said even where Upgrade is hidden (a failed revert leaves both on 1.3).
    if (ps.lastFailure && ps.connection === null) {
        return ps.lastFailure === 'rollbackfailed' ? 'action_upgrade_afterrollbackfailed' : 'action_upgrade_afterfailure';
    }
    return waitsForUserId && !blocked && !upgrade.hidden ? 'action_upgrade_waituserid' : null;
}

/** Counts the reason's updates, so that a string arriving late never replaces a newer reason. */
let reasonUpdates = 0;

/**
 * Says next to Upgrade why it waits (the button points at it with aria-describedby, so screen readers hear it too).
 *
 * @param root the page root
 * @param key the reason's string key, or null for none
 */
function showUpgradeReason(root: HTMLElement, key: string | null): void {
    const node = root.querySelector<HTMLElement>(regions.upgradeReason);
    if (!node || node.dataset.reason === (key ?? '')) {
        return;
    }
    node.dataset.reason = key ?? '';
    const update = ++reasonUpdates;
    if (key === null) {
        node.textContent = '';
        node.hidden = true;
        return;
    }
    str(key).then((text) => {
        if (update === reasonUpdates) {
            node.textContent = text;
            node.hidden = false;
        }
        return undefined;
    }).catch(Notification.exception);
}

/**
 * Sets the Connect button: after a failed run it is the next step (connect again to read both sides), so it says so
 * and takes the primary style.
 *
 * @param connect the button
 * @param ps the page state
 * @param upgradeReady whether Upgrade is the next step instead
 */
function setConnectButton(connect: HTMLButtonElement, ps: PageState, upgradeReady: boolean): void {
    const again = Boolean(ps.lastFailure) && ps.connection === null;
    connect.classList.toggle('btn-primary', again && !connect.disabled && !upgradeReady);
    connect.classList.toggle('btn-secondary', !(again && !connect.disabled && !upgradeReady));
    const key = again ? 'action_connect_again' : 'action_connect';
    if (connect.dataset.label !== key) {
        connect.dataset.label = key;
        str(key).then((text) => {
            if (connect.dataset.label === key) {
                connect.textContent = text;
            }
            return undefined;
        }).catch(Notification.exception);
    }
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
        showUpgradeReason(root, setUpgradeButton(upgrade, ps, unfinished || !ok));
    }
    if (connect) {
        setConnectButton(connect, ps, upgrade !== null && !upgrade.disabled && !upgrade.hidden);
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
