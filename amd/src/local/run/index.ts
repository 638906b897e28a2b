// The run: start → backup → snapshot → keys → KAF → Moodle → verify → finish, journaled step by step; any failure
// after the first change puts the snapshot back on both sides and verifies that (rollback.ts). Also resume,
// rollback and revert of a run.
//
// Round trips: the Backup Configuration page is opened at connect; what changes nothing starts with the run (the key
// pair, Moodle's state), and run_start rides ahead of the backup's first KAF request; the snapshot is read after the
// backup, so that read is also the form of the save; the snapshot, Moodle's writes and the journal ride ahead of the
// next call (batch.ts); verification's reads go out together.

import {type RunSummary, type State, msg, type Plan, type RunOutcome, type StepName} from '../model';
import type {EngineOptions} from '../connect';
import type {NewKeys} from '../keys';
import type {Connection} from '../connect';
import {errorMessage} from '../errors';
import {hostedValue, type HostedView} from '../hosted';
import {Journal} from '../journal';
import {backup, openBackup} from '../kaf/backup';
import {hosted} from '../kaf/console';
import {makeRevertPlan, needsKeys, needsUserIdChoice, selectedPlan} from '../plan';
import {parseSnapshot} from '../snapshot';
import {quiet, stillLastPage, withFirstSave, withNextCall} from '../wire';
import {finish, newKeys, type Ctx} from './context';
import {rollbackRun} from './rollback';
import {kafStep, keysStep, moodleStep, snapshotStep, verifyStep} from './steps';

/** Where a run picks up, and what was started before its first step. */
interface Entry {
    keys: Promise<NewKeys> | null;
    doneSteps: Set<string>;
    /** The backup, under way since the run started (its first request carried run_start). */
    backedUp?: Promise<{confirmed: number; text: string}>;
    /** Moodle's state, read as the run started. */
    state?: Promise<State>;
    /** The Hosted page as read at connect (no save since). */
    earlier?: HostedView;
}

/**
 * The steps after start; rollback after the first change.
 *
 * @param ctx the run
 * @param entry where to pick up
 * @returns the outcome
 */
async function execute(ctx: Ctx, entry: Entry): Promise<RunOutcome> {
    try {
        if (entry.doneSteps.has('backup')) {
            await ctx.journal.skip('backup', msg('engine_step_alreadydone'));
        } else {
            await ctx.journal.step('backup', async() => ({result: null,
                detail: await (entry.backedUp ?? backup(ctx.session, undefined, entry.earlier?.links))}));
        }
        if (!ctx.snapshot) {
            await snapshotStep(ctx, entry.state ?? ctx.services.getState(), entry.earlier ?? null);
        }
        const keys = await keysStep(ctx, entry.keys);
        // Save KAF, save Moodle: Moodle's writes travel with the first Hosted save (wire.ts).
        await withFirstSave(ctx.services, (beforeSave) => kafStep(ctx, keys, beforeSave), (writer) => moodleStep(ctx, writer));
        const evidence = await verifyStep(ctx, keys);
        // The snapshot went ahead of the first change (a failure to store it stopped that change on the server).
        await ctx.snapshotStored;
        // A verified upgrade leaves the status check its reference: the key KAF's key set was found to hold.
        const thumb = ctx.plan.kind === 'upgrade' ? keys?.thumbprint ?? '' : '';
        return finish(ctx, {status: 'completed', runid: ctx.runid, evidence, keyThumbprint: keys?.thumbprint ?? ''},
            {evidence}, thumb);
    } catch (e) {
        const cause = errorMessage(e);
        const unstored = await ctx.snapshotStored.then(() => false, () => true);
        if (!ctx.changed || unstored) {
            // Nothing was changed: the server ran nothing after a snapshot it could not store.
            return finish(ctx, {status: 'failed', runid: ctx.runid, error: cause}, {cause});
        }
        return rollbackRun(ctx, cause);
    }
}

/**
 * A run's context.
 *
 * @param conn the connection
 * @param plan the plan
 * @param journal its journal
 * @param opts the page's options
 * @returns the context
 */
function context(conn: Connection, plan: Plan, journal: Journal, opts: EngineOptions): Ctx {
    return {services: conn.services, session: conn.session, backend: conn.backend, plan, journal, runid: 0, snapshot: null,
        snapshotForm: null, snapshotStored: Promise.resolve(), moodleAfterWrites: null, changed: false,
        onOutcome: opts.onOutcome};
}

/**
 * Starts a run (journal and lock) and executes it.
 *
 * @param conn the connection
 * @param plan the plan, as shown
 * @param opts options
 * @returns the outcome
 */
async function startRun(conn: Connection, plan: Plan, opts: EngineOptions): Promise<RunOutcome> {
    // What changes nothing starts now: the key pair, the backup page, Moodle's state.
    const keys = needsKeys(plan) ? quiet(newKeys(conn.backend)) : null;
    // Opened at connect when it is still KAF's last page; a failed or stale early read is read again here.
    const links = conn.kaf.hosted.links;
    const early = stillLastPage(conn.session, conn.backupPage);
    conn.backupPage = null;
    const opened = quiet(early ? early.catch(() => openBackup(conn.session, links)) : openBackup(conn.session, links));
    const journal = new Journal(conn.services, opts.onProgress, opts.now);
    const ctx = context(conn, plan, journal, opts);
    // The run's start (run_start) and Moodle's state go ahead of the backup's first KAF request, in its Moodle request:
    // the server runs that request only once the run holds its lock, and a refused run_start stops it there.
    const state = quiet(withNextCall(conn.services).getState());
    const started = quiet(journal.step('start', async() => {
        const run = await withNextCall(conn.services).runStart(plan.kind, JSON.stringify(plan));
        ctx.runid = run.id;
        journal.runid = run.id;
        return {result: null, detail: {runid: run.id, changes: plan.changes.length}};
    }));
    const backedUp = quiet(backup(conn.session, opened, links, started));
    try {
        await started;
    } catch (e) {
        await backedUp.catch(() => undefined);
        conn.session.close();
        return {status: 'failed', runid: 0, error: errorMessage(e)};
    }
    return execute(ctx, {keys, doneSteps: new Set(), backedUp, state, earlier: conn.kaf.hosted});
}

/**
 * Runs the upgrade as planned. An empty plan (already upgraded) changes nothing and says so.
 *
 * @param conn the connection (its credentials are dropped when the run ends)
 * @param plan the plan from makePlan, as shown to the admin
 * @param opts options (onProgress for the live list)
 * @returns the outcome with its evidence
 */
export async function runUpgrade(conn: Connection, plan: Plan, opts: EngineOptions = {}): Promise<RunOutcome> {
    const selected = selectedPlan(plan);
    if (selected.changes.length === 0) {
        conn.session.close();
        return {status: 'nothingtodo', message: msg('engine_nothingtodo')};
    }
    if (needsUserIdChoice(selected)) {
        // Users would get new Kaltura ids: never on a plain click (the page keeps Upgrade disabled until the choice).
        conn.session.close();
        return {status: 'failed', runid: 0, error: msg('engine_useridchoice')};
    }
    return startRun(conn, selected, opts);
}

/**
 * Reverts to LTI 1.1: authMethod back to 1.1 at KAF and lti_version back to LTI 1.1 (the 1.3 values, the keys
 * and the admin secret all stay), verified and journaled.
 *
 * @param conn the connection
 * @param opts options
 * @returns the outcome
 */
export async function revert(conn: Connection, opts: EngineOptions = {}): Promise<RunOutcome> {
    const plan = makeRevertPlan(conn.state, conn.kaf);
    if (plan.changes.length === 0) {
        conn.session.close();
        return {status: 'nothingtodo', message: msg('engine_nothingtorevert')};
    }
    return startRun(conn, plan, opts);
}

/**
 * Loads an unfinished run: its plan, snapshot, and steps, and shows the steps already done.
 *
 * @param conn the connection
 * @param run the run found in progress (get_state's run)
 * @param opts options
 * @returns the context and the steps done
 */
async function loadRun(conn: Connection, run: RunSummary, opts: EngineOptions): Promise<{ctx: Ctx; done: Set<string>}> {
    const plan = JSON.parse(run.plan) as Plan;
    const {snapshot} = await conn.services.runGetSnapshot(run.id);
    const journal = new Journal(conn.services, opts.onProgress, opts.now);
    const done = new Set(run.steps.filter((s) => s.status === 'done').map((s) => s.name));
    for (const s of run.steps.filter((x) => x.status === 'done')) {
        const state = {status: 'done', startedAt: s.timestarted, durationMs: s.durationms, detail: {}} as const;
        journal.states.set(s.name as StepName, state);
        opts.onProgress?.({step: s.name as StepName, state});
    }
    journal.runid = run.id;
    const ctx = context(conn, plan, journal, opts);
    ctx.runid = run.id;
    ctx.snapshot = parseSnapshot(snapshot);
    ctx.changed = ctx.snapshot !== null;
    return {ctx, done};
}

/**
 * Resumes an interrupted run: continues from its stored plan and snapshot. Keys that the interrupted run
 * already saved at KAF are kept; otherwise a new pair is made.
 *
 * @param conn the connection
 * @param run the run found in progress
 * @param opts options
 * @returns the outcome
 */
export async function resume(conn: Connection, run: RunSummary, opts: EngineOptions = {}): Promise<RunOutcome> {
    const {ctx, done} = await loadRun(conn, run, opts);
    let keys: Promise<NewKeys> | null = null;
    if (needsKeys(ctx.plan)) {
        const view = await hosted(conn.session);
        const before = (f: string): string => ctx.snapshot?.kaf[f]?.[0] ?? ctx.snapshot?.revealed[f]?.[0] ?? '';
        const pub = hostedValue(view, 'lti13ServicePublicKey');
        const savedByRun = ctx.snapshot !== null && pub.trim() !== '' && pub !== before('lti13ServicePublicKey')
            && hostedValue(view, 'lti13ServicePrivateKey') !== before('lti13ServicePrivateKey');
        keys = savedByRun ? null : quiet(newKeys(conn.backend));
    }
    return execute(ctx, {keys, doneSteps: done});
}

/**
 * Rolls an unfinished run back to its stored snapshot, verifies that and records it.
 *
 * @param conn the connection
 * @param run the run found in progress
 * @param opts options
 * @returns the outcome
 */
export async function rollback(conn: Connection, run: RunSummary, opts: EngineOptions = {}): Promise<RunOutcome> {
    const {ctx} = await loadRun(conn, run, opts);
    if (!ctx.snapshot) {
        // Nothing was changed before the snapshot; there is nothing to put back.
        return finish(ctx, {status: 'failed', runid: run.id, error: msg('engine_rollbacknothing')},
            {cause: msg('engine_rollbacknothing')});
    }
    return rollbackRun(ctx, msg('engine_rollbackrequested'));
}
