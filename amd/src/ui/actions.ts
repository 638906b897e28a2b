// What the page's buttons do: connect, upgrade, revert, and resume or roll back an interrupted run.

import type {Services} from '../services';
import {preflightLocal} from '../local/preflight';
import {actions, regions} from './selectors';
import {mergeChecks} from './view';
import {focusRegion} from './dom';
import {loadEngine, type PageState} from './pagestate';
import {renderOverview} from './overview';
import {askAndConnect} from './connectflow';
import {confirm, prefetchRun, refresh, runWithProgress} from './runview';

/**
 * Handles the page's buttons.
 *
 * @param root the page root
 * @param services the shim
 * @param ps the page state
 * @param target what was clicked
 */
export async function onAction(root: HTMLElement, services: Services, ps: PageState, target: HTMLElement): Promise<void> {
    if (ps.busy) {
        return;
    }
    if (target.matches(actions.connect)) {
        const c = await askAndConnect(root, services, ps);
        if (c) {
            ps.connection = c.connection;
            ps.lastFailure = null;
            ps.state = c.connection.state;
            ps.checks = mergeChecks(preflightLocal(ps.state), c.checks);
            ps.plan = (await loadEngine()).makePlan(c.connection.state, c.connection.kaf, ps.planOptions);
            ps.kafAuth = c.connection.kaf.hosted.authMethod;
            await renderOverview(root, ps);
            // Connect is disabled now: the focus it had goes to the plan, not to <body>.
            focusRegion(root, regions.planHeading);
            // While the admin reads the plan, what a run shows is loaded, off the run's path.
            prefetchRun();
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
        const outcome = await runWithProgress(root, ps, 'upgrade', (opts) => eng.runUpgrade(conn, plan, opts),
            plan.userid);
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
