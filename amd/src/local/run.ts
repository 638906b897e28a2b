// The run: start → snapshot → backup → keys → KAF → Moodle → verify → finish, journaled step by step; any
// failure after the first change puts the snapshot back on both sides and verifies that. Also resume, rollback
// and revert of a run.

import type {Field, RunSummary, Services, State} from '../services';
import type {Connection, EngineOptions} from './connect';
import {errorMessage} from './errors';
import {hostedValue, LTI13_FIELDS, LTIGRADING_PATH, type HostedView,
    type ModuleView} from './hosted';
import {toolValue} from './tooltypes';
import {Journal} from './journal';
import type {KafSession} from './kafconsole';
import {generateKeyPair, secretToken, thumbprint, type KeyBackend} from './keys';
import {changesAt, makeRevertPlan, needsKeys, needsUserIdChoice, selectedPlan} from './plan';
import {mappingDiffers, userIdMapping} from './userid';
import {parseSnapshot, settingValue, takeSnapshot, volatileNames, type Difference, type Snapshot} from './snapshot';
import {EngineError, msg, type Change, type Evidence, type Plan, type RunOutcome, type SideState, type StepName} from './types';
import {checkKeySet, checkLtigrading, checkMoodle, checkToolTypes, checkOidc, checkPlannedKaf, checkUnplanned,
    restoredDiffs, type RunKeys} from './verify';

/** A new key pair, with the private half kept for the one request that saves it. */
interface NewKeys extends RunKeys {
    privatePem: string;
}

interface Ctx {
    services: Services;
    session: KafSession;
    backend: KeyBackend;
    plan: Plan;
    journal: Journal;
    runid: number;
    snapshot: Snapshot | null;
    /** True from just before the first request that may change something. */
    changed: boolean;
}

/**
 * Generates the run's key pair; starts at once so that it overlaps the login and the backup.
 *
 * @param backend key crypto
 * @returns the keys
 */
async function newKeys(backend: KeyBackend): Promise<NewKeys> {
    const k = await generateKeyPair(backend);
    const crlf = await secretToken(backend, k.privatePem.replace(/\n/g, '\r\n'));
    return {jwk: k.jwk, thumbprint: k.thumbprint, publicPem: k.publicPem, privatePem: k.privatePem,
        privateTokens: [k.privateToken, crlf]};
}

/**
 * The keys already at KAF (kept by the plan, or saved by an interrupted run), as verification needs them.
 *
 * @param backend key crypto
 * @param view the Hosted page
 * @returns the keys
 */
async function keysAtKaf(backend: KeyBackend, view: HostedView): Promise<RunKeys> {
    const publicPem = hostedValue(view, 'lti13ServicePublicKey');
    const jwk = await backend.publicJwk(publicPem);
    return {jwk, thumbprint: await thumbprint(backend, jwk), publicPem,
        privateTokens: [hostedValue(view, 'lti13ServicePrivateKey').trim()]};
}

/**
 * The values to post at KAF: the plan's, with the new private key as PEM (the shim passes it on once).
 *
 * @param plan the plan
 * @param keys the keys, when the plan makes new ones
 * @returns field => value
 */
function postValues(plan: Plan, keys: RunKeys | NewKeys | null): Map<string, string> {
    const out = new Map<string, string>();
    for (const c of changesAt(plan, 'kaf')) {
        if (c.after.kind === 'value') {
            out.set(c.field, c.after.value);
        } else if (keys) {
            const priv = 'privatePem' in keys ? keys.privatePem : keys.privateTokens[0] ?? '';
            out.set(c.field, c.after.kind === 'newprivatekey' ? priv : keys.publicPem);
        }
    }
    return out;
}

/**
 * Checks that what the plan was made from still holds, so that it is applied as shown.
 *
 * @param plan the plan
 * @param view the Hosted page now
 * @param state Moodle's state now
 * @param ltigrading the Ltigrading page now (null when not read)
 */
function checkPlanCurrent(plan: Plan, view: HostedView, state: State, ltigrading: ModuleView | null): void {
    const now = (c: Plan['changes'][number]): string => {
        switch (c.where) {
            case 'kaf':
                return hostedValue(view, c.field);
            case 'tooltype':
                return toolValue(state, c.tool?.id ?? 0, c.field);
            case 'ltigrading':
                return ltigrading?.values.get(c.field)?.[0] ?? '';
            default:
                return settingValue(state, c.field);
        }
    };
    const stale = plan.changes.filter((c) => now(c) !== c.before).map((c) => c.field);
    if (stale.length > 0) {
        throw new EngineError(msg('engine_planstale', {fields: stale.join(', ')}), 'planstale');
    }
}

/**
 * Snapshot: every Hosted field and the planned Moodle settings, stored on the server before any change.
 *
 * @param ctx the run
 * @returns the snapshot
 */
async function snapshotStep(ctx: Ctx): Promise<Snapshot> {
    return ctx.journal.step('snapshot', async() => {
        const [view, state, ltigrading] = await Promise.all([ctx.session.hosted(), ctx.services.getState(),
            changesAt(ctx.plan, 'ltigrading').length > 0 ? ctx.session.module(LTIGRADING_PATH) : Promise.resolve(null)]);
        checkPlanCurrent(ctx.plan, view, state, ltigrading);
        const snapshot = takeSnapshot(view, state, ctx.plan, ltigrading);
        await ctx.services.runSnapshot(ctx.runid, JSON.stringify(snapshot));
        ctx.snapshot = snapshot;
        const detail = {fields: Object.keys(snapshot.kaf).length, settings: Object.keys(snapshot.moodle).length};
        return {result: snapshot, detail};
    });
}

/**
 * Applies the plan at KAF: one save when the form shows the 1.3 fields; otherwise authMethod first, then the
 * fields KAF renders once it is saved (their first values join the snapshot before they are changed).
 *
 * @param ctx the run
 * @param keys the keys
 * @returns detail for the journal
 */
async function applyKaf(ctx: Ctx, keys: RunKeys | NewKeys | null): Promise<{saves: number}> {
    const values = postValues(ctx.plan, keys);
    if (values.size === 0) {
        return {saves: 0};
    }
    const snapshot = ctx.snapshot as Snapshot;
    let view = await ctx.session.hosted();
    snapshot.volatile = Array.from(new Set([...snapshot.volatile, ...volatileNames(snapshot.kaf, view)]));
    let saves = 0;
    const lti13 = ctx.plan.authMethod.lti13;
    if (!LTI13_FIELDS.every((f) => view.values.has(f)) && values.get('authMethod') === lti13) {
        ctx.changed = true;
        view = await ctx.session.saveHosted(new Map([['authMethod', lti13]]), view);
        saves++;
        if (!LTI13_FIELDS.every((f) => view.values.has(f))) {
            throw new EngineError(msg('engine_kaffieldsnotrevealed'), 'kafformchanged');
        }
    }
    await recordRevealed(ctx, snapshot, view);
    keepUserIds(ctx, view, values);
    ctx.changed = true;
    await ctx.session.saveHosted(values, view);
    return {saves: saves + 1};
}

/**
 * Where KAF showed its 1.3 user-id settings only after the first save and the admin chose to keep users' Kaltura ids:
 * compares them with the 1.1 mapping now, between the two saves. When they differ, the matching 1.3 setting joins the
 * second save (and the plan, so that verification checks it); when none matches, the run stops here and is rolled
 * back, before any teacher launches with the wrong id.
 *
 * @param ctx the run
 * @param view the Hosted page after the first save
 * @param values the second save's values (changed here)
 */
function keepUserIds(ctx: Ctx, view: HostedView, values: Map<string, string>): void {
    const decision = ctx.plan.userid;
    if (!decision || decision.risk !== 'aftersave' || decision.choice !== 'keep') {
        return;
    }
    const m = userIdMapping({kaltura: {release: decision.release}} as State, view);
    if (!m) {
        throw new EngineError(msg('engine_useridstillunread'), 'useridnokeep');
    }
    const params = {attribute: m.attribute || '-', claim: m.claim || '-', property: m.property || '-'};
    if (m.v11 === 'other' || m.v13 === 'other' || (mappingDiffers(m) && !m.offer)) {
        throw new EngineError(msg('engine_useridnokeep', params), 'useridnokeep');
    }
    if (!mappingDiffers(m) || !m.offer) {
        return;
    }
    const added: Change[] = [['lti13UserIdClaim', m.offer.claim], ['lti13UserIdClaimProperty', m.offer.property]]
        .filter(([field, value]) => hostedValue(view, field as string) !== value)
        .map(([field, value]) => {
            const before = hostedValue(view, field as string);
            return {where: 'kaf', field: field as string, before, after: {kind: 'value', value: value as string},
                beforeDisplay: before, afterDisplay: value as string};
        });
    for (const c of added) {
        values.set(c.field, c.after.kind === 'value' ? c.after.value : '');
    }
    ctx.plan = {...ctx.plan, changes: [...ctx.plan.changes, ...added]};
}

/**
 * Applies the plan's Ltigrading line (after Hosted, in the kaf step).
 *
 * @param ctx the run
 * @returns how many saves
 */
async function applyLtigrading(ctx: Ctx): Promise<number> {
    const changes = changesAt(ctx.plan, 'ltigrading');
    if (changes.length === 0) {
        return 0;
    }
    ctx.changed = true;
    await ctx.session.saveModule(LTIGRADING_PATH, new Map(changes.map((c) => [c.field, valueOf(c)])));
    return 1;
}

/**
 * Applies the plan's grade tool changes (after the settings, in the moodle step), one call per tool.
 *
 * @param ctx the run
 * @returns the tools changed
 */
async function applyToolTypes(ctx: Ctx): Promise<number[]> {
    const byTool = new Map<number, Field[]>();
    for (const c of changesAt(ctx.plan, 'tooltype')) {
        const id = c.tool?.id ?? 0;
        byTool.set(id, [...byTool.get(id) ?? [], {name: c.field, value: valueOf(c)}]);
    }
    for (const [id, changes] of byTool) {
        ctx.changed = true;
        await ctx.services.saveToolType(id, changes);
    }
    return [...byTool.keys()];
}

/**
 * A value change's target.
 *
 * @param c the change
 * @returns the value
 */
function valueOf(c: Plan['changes'][number]): string {
    return c.after.kind === 'value' ? c.after.value : '';
}

/**
 * Fields the page shows now but did not at snapshot time: their values as first seen join the snapshot.
 *
 * @param ctx the run
 * @param snapshot the snapshot
 * @param view the Hosted page now
 */
async function recordRevealed(ctx: Ctx, snapshot: Snapshot, view: HostedView): Promise<void> {
    const fresh = Array.from(view.values.entries()).filter(([n]) => !(n in snapshot.kaf) && !(n in snapshot.revealed)
        && !snapshot.volatile.includes(n));
    if (fresh.length > 0) {
        fresh.forEach(([n, v]) => {
            snapshot.revealed[n] = v;
        });
        await ctx.services.runSnapshot(ctx.runid, JSON.stringify(snapshot));
    }
}

/**
 * Verifies the end state: Hosted as planned and otherwise unchanged, our key in KAF's key set, KAF's OIDC
 * login initiation back to Moodle, Moodle's settings as planned.
 *
 * @param ctx the run
 * @param keys the keys
 * @returns the evidence (throws when any check failed)
 */
async function verifyStep(ctx: Ctx, keys: RunKeys | null): Promise<Evidence[]> {
    return ctx.journal.step('verify', async() => {
        const statePromise = ctx.services.getState();
        statePromise.catch(() => undefined); // Awaited below; a failure must not go unhandled meanwhile.
        // The server judges KAF's key set and login initiation (the one probe rule, shared with the status check).
        // lti_probe uses no KAF session, so it runs beside the Hosted read instead of after it.
        const probePromise = ctx.plan.kind === 'upgrade' && keys ? ctx.session.probe(keys.thumbprint) : null;
        probePromise?.catch(() => undefined);
        const view = await ctx.session.hosted();
        const evidence: Evidence[] = [checkPlannedKaf(ctx.plan, keys, view),
            checkUnplanned(ctx.plan, ctx.snapshot as Snapshot, view).evidence];
        if (probePromise && keys) {
            const probe = await probePromise;
            evidence.push(checkKeySet(keys, probe), checkOidc(ctx.plan, probe));
        }
        const state = await statePromise;
        evidence.push(checkMoodle(ctx.plan, state));
        if (changesAt(ctx.plan, 'tooltype').length > 0) {
            evidence.push(checkToolTypes(ctx.plan, state));
        }
        if (changesAt(ctx.plan, 'ltigrading').length > 0) {
            evidence.push(checkLtigrading(ctx.plan, ctx.snapshot as Snapshot, await ctx.session.module(LTIGRADING_PATH)));
        }
        const bad = evidence.filter((e) => !e.ok);
        if (bad.length > 0) {
            // Each failed check with the fields it names, so the verdict says what was wrong, not only where.
            const checks = bad.map((e) => (e.message.params?.fields ? `${e.id} (${e.message.params.fields})` : e.id));
            throw new EngineError(msg('engine_verifyfailed', {checks: checks.join(', ')}), 'verifyfailed');
        }
        return {result: evidence, detail: Object.fromEntries(evidence.map((e) => [e.id, e.message.key]))};
    });
}

/**
 * Runs fn, and once more when it fails.
 *
 * @param fn the work
 * @returns its result
 */
async function twice<T>(fn: () => Promise<T>): Promise<T> {
    try {
        return await fn();
    } catch {
        return fn();
    }
}

/**
 * The fields of a view that differ from wanted values (single-valued controls; volatile ones left alone).
 *
 * @param wanted name => values
 * @param view the page now
 * @param view.values its values
 * @param volatile names never restored
 * @returns field => value to post
 */
function restoreMap(wanted: Record<string, string[]>, view: {values: Map<string, string[]>}, volatile: string[]):
        Map<string, string> {
    const out = new Map<string, string>();
    for (const [name, values] of Object.entries(wanted)) {
        const now = view.values.get(name);
        if (now !== undefined && !volatile.includes(name) && values.length <= 1 && JSON.stringify(now) !== JSON.stringify(values)) {
            out.set(name, values[0] ?? '');
        }
    }
    return out;
}

/**
 * Puts the snapshot back at KAF: the revealed 1.3 fields first while they are shown, then everything else.
 *
 * @param ctx the run
 * @param snapshot the snapshot
 */
async function restoreKaf(ctx: Ctx, snapshot: Snapshot): Promise<void> {
    // Partial reads: a form that lost a 1.3 field must not keep authMethod on 1.3; what cannot be seen is reported.
    let view = await ctx.session.hosted(true);
    const revealed = restoreMap(snapshot.revealed, view, snapshot.volatile);
    if (revealed.size > 0) {
        view = await ctx.session.saveHosted(revealed, view, true);
    }
    const rest = restoreMap(snapshot.kaf, view, snapshot.volatile);
    if (rest.size > 0) {
        await ctx.session.saveHosted(rest, view, true);
    }
}

/**
 * Puts the snapshot's Moodle settings back.
 *
 * @param ctx the run
 * @param snapshot the snapshot
 */
async function restoreMoodle(ctx: Ctx, snapshot: Snapshot): Promise<void> {
    const state = await ctx.services.getState();
    const changes = Object.entries(snapshot.moodle).filter(([k, v]) => settingValue(state, k) !== v)
        .map(([name, value]) => ({name, value}));
    if (changes.length > 0) {
        await ctx.services.saveSettings(changes);
    }
    for (const [id, wanted] of Object.entries(snapshot.tooltypes)) {
        const back = Object.entries(wanted).filter(([k, v]) => toolValue(state, Number(id), k) !== v)
            .map(([name, value]) => ({name, value}));
        if (back.length > 0) {
            await ctx.services.saveToolType(Number(id), back);
        }
    }
}

/**
 * Puts the snapshot's other KAF module pages (Ltigrading) back.
 *
 * @param ctx the run
 * @param snapshot the snapshot
 */
async function restoreModules(ctx: Ctx, snapshot: Snapshot): Promise<void> {
    for (const [path, wanted] of Object.entries(snapshot.modules)) {
        const view = await ctx.session.module(path);
        if (!view) {
            throw new EngineError(msg('engine_kafnomoduleform', {path}), 'kafformchanged');
        }
        const back = restoreMap(wanted, view, snapshot.volatile);
        if (back.size > 0) {
            await ctx.session.saveModule(path, back);
        }
    }
}

/**
 * Ends the run on the server (this releases the lock); a failure to record it is only a warning.
 *
 * @param ctx the run
 * @param status the final status
 * @param detail what to record
 * @param keyThumbprint a verified upgrade's key thumbprint, recorded by the server for the status check ('' = none)
 */
async function finish(ctx: Ctx, status: RunSummary['status'], detail: object, keyThumbprint = ''): Promise<void> {
    const now = Date.now();
    await ctx.journal.set('finish', {status: 'done', startedAt: now, durationMs: 0, detail: {status}});
    // Every step is on the server before the run is closed (run_finish refuses writes to a finished run).
    await ctx.journal.flush();
    try {
        await ctx.services.runFinish(ctx.runid, status, JSON.stringify(detail), keyThumbprint);
    } catch {
        ctx.journal.warnings.push(msg('engine_journalwritefailed', {step: 'finish'}));
    }
    ctx.session.close();
}

/**
 * Rolls back to the snapshot, verifies the restoration and ends the run.
 *
 * @param ctx the run
 * @param cause why (the failure that started the rollback, or the admin's choice)
 * @returns the outcome
 */
async function rollbackRun(ctx: Ctx, cause: import('./types').Message): Promise<RunOutcome> {
    const snapshot = ctx.snapshot as Snapshot;
    try {
        await ctx.journal.step('rollback', async() => {
            // Each side is put back on its own: KAF being down must not keep Moodle's settings from being restored.
            const [kaf, moodle] = await Promise.allSettled([twice(async() => {
                await restoreKaf(ctx, snapshot);
                await restoreModules(ctx, snapshot);
            }), twice(() => restoreMoodle(ctx, snapshot))]);
            const failed = ([['kaf', kaf], ['moodle', moodle]] as const).filter(([, r]) => r.status === 'rejected');
            if (failed.length > 0) {
                const first = failed[0]?.[1];
                throw first && first.status === 'rejected' ? first.reason : new Error('rollback');
            }
            return {result: null, detail: {kaf: 'restored', moodle: 'restored'}};
        });
    } catch {
        // What is left different is found and reported just below.
    }
    let sides: SideState[] = [unknownSide('kaf'), unknownSide('moodle')];
    try {
        sides = await ctx.journal.step('rollbackverify', async() => {
            // Each side is read on its own, so that one side's differences are listed even when the other cannot be read.
            const [view, state, modules] = await Promise.allSettled([twice(() => ctx.session.hosted(true)),
                twice(() => ctx.services.getState()), twice(() => readModules(ctx, snapshot))]);
            const d = restoredDiffs(snapshot, view.status === 'fulfilled' && modules.status === 'fulfilled' ? view.value : null,
                state.status === 'fulfilled' ? state.value : null,
                modules.status === 'fulfilled' ? modules.value : {});
            const result: SideState[] = [
                d.kaf === null ? unknownSide('kaf') : side('kaf', d.kaf),
                d.moodle === null ? unknownSide('moodle') : side('moodle', d.moodle),
            ];
            if (!result.every((s) => s.restored)) {
                throw new RollbackIncomplete(result);
            }
            return {result, detail: {kaf: 'restored', moodle: 'restored'}};
        });
    } catch (e) {
        if (e instanceof RollbackIncomplete) {
            sides = e.sides;
        }
    }
    const restored = sides.every((s) => s.restored);
    await finish(ctx, restored ? 'rolledback' : 'rollbackfailed', {cause, sides});
    if (restored) {
        return {status: 'rolledback', runid: ctx.runid, error: cause, evidence: [
            {id: 'hostedfields', ok: true, message: msg('engine_ev_restoredkaf')},
            {id: 'moodlesettings', ok: true, message: msg('engine_ev_restoredmoodle')},
        ]};
    }
    return {status: 'rollbackfailed', runid: ctx.runid, error: cause, sides, message: msg('engine_rollbackfailed_todo')};
}

/**
 * Reads the snapshot's other module pages again.
 *
 * @param ctx the run
 * @param snapshot the snapshot
 * @returns path => values now
 */
async function readModules(ctx: Ctx, snapshot: Snapshot): Promise<Record<string, Map<string, string[]>>> {
    const out: Record<string, Map<string, string[]>> = {};
    for (const path of Object.keys(snapshot.modules)) {
        const view = await ctx.session.module(path);
        if (!view) {
            throw new EngineError(msg('engine_kafnomoduleform', {path}), 'kafformchanged');
        }
        out[path] = view.values;
    }
    return out;
}

/** The rollback left differences. */
class RollbackIncomplete extends EngineError {
    readonly sides: SideState[];

    /**
     * Makes the error; its message names what still differs, side by side ("kaf: authMethod; moodle: *").
     *
     * @param sides where each side stands
     */
    constructor(sides: SideState[]) {
        super(msg('engine_rollbackincomplete', {fields: sides.filter((s) => !s.restored)
            .map((s) => s.where + ': ' + s.differences.map((d) => d.field).join(', ')).join('; ')}));
        this.sides = sides;
    }
}

/**
 * A side's state from its differences.
 *
 * @param where the side
 * @param differences what differs
 * @returns the state
 */
function side(where: 'kaf' | 'moodle', differences: Difference[]): SideState {
    return {where, restored: differences.length === 0, differences};
}

/**
 * A side whose state could not be read.
 *
 * @param where the side
 * @returns the state
 */
function unknownSide(where: 'kaf' | 'moodle'): SideState {
    return {where, restored: false, differences: [{field: '*', now: '?', wanted: 'snapshot'}]};
}

/** Where a run picks up: from the start, or (resume) after the steps already done. */
interface Entry {
    keys: Promise<NewKeys> | null;
    doneSteps: Set<string>;
}

/**
 * The steps after start: snapshot, backup, keys, KAF, Moodle, verify, finish; rollback after the first change.
 *
 * @param ctx the run
 * @param entry where to pick up
 * @returns the outcome
 */
async function execute(ctx: Ctx, entry: Entry): Promise<RunOutcome> {
    try {
        if (!ctx.snapshot) {
            await snapshotStep(ctx);
        }
        if (entry.doneSteps.has('backup')) {
            await ctx.journal.skip('backup', msg('engine_step_alreadydone'));
        } else {
            await ctx.journal.step('backup', async() => ({result: null, detail: await ctx.session.backup()}));
        }
        const keys = await keysStep(ctx, entry.keys);
        await ctx.journal.step('kaf', async() => {
            const detail = await applyKaf(ctx, keys);
            return {result: null, detail: {...detail, ltigrading: await applyLtigrading(ctx)}};
        });
        await ctx.journal.step('moodle', async() => {
            const changes = changesAt(ctx.plan, 'moodle')
                .map((c) => ({name: c.field, value: c.after.kind === 'value' ? c.after.value : ''}));
            if (changes.length > 0) {
                ctx.changed = true;
                await ctx.services.saveSettings(changes);
            }
            const tools = await applyToolTypes(ctx);
            return {result: null, detail: {settings: changes.map((c) => c.name).join(', '), tooltypes: tools.join(', ')}};
        });
        const evidence = await verifyStep(ctx, keys);
        // A verified upgrade leaves the status check its reference: the key KAF's key set was found to hold.
        await finish(ctx, 'completed', {evidence}, ctx.plan.kind === 'upgrade' ? keys?.thumbprint ?? '' : '');
        return {status: 'completed', runid: ctx.runid, evidence, keyThumbprint: keys?.thumbprint ?? ''};
    } catch (e) {
        const cause = errorMessage(e);
        if (!ctx.changed) {
            await finish(ctx, 'failed', {cause});
            return {status: 'failed', runid: ctx.runid, error: cause};
        }
        return rollbackRun(ctx, cause);
    }
}

/**
 * The keys step: the new pair (already being generated), or the pair KAF has (kept, or saved by an interrupted
 * run), or none for a revert.
 *
 * @param ctx the run
 * @param pending the generation under way
 * @returns the keys
 */
async function keysStep(ctx: Ctx, pending: Promise<NewKeys> | null): Promise<RunKeys | NewKeys | null> {
    if (ctx.plan.kind === 'revert') {
        await ctx.journal.skip('keys', msg('engine_step_nokeys'));
        return null;
    }
    return ctx.journal.step('keys', async() => {
        const keys = pending ? await pending : await keysAtKaf(ctx.backend, await ctx.session.hosted());
        return {result: keys, detail: {thumbprint: keys.thumbprint, source: pending ? 'new' : 'kaf'}};
    });
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
    // Key generation starts now, before anything else, so that it overlaps the journal, snapshot and backup.
    const keys = needsKeys(plan) ? newKeys(conn.backend) : null;
    keys?.catch(() => undefined);
    const journal = new Journal(conn.services, opts.onProgress, opts.now);
    const ctx: Ctx = {services: conn.services, session: conn.session, backend: conn.backend, plan, journal, runid: 0,
        snapshot: null, changed: false};
    try {
        await journal.step('start', async() => {
            const run = await conn.services.runStart(plan.kind, JSON.stringify(plan));
            ctx.runid = run.id;
            journal.runid = run.id;
            return {result: null, detail: {runid: run.id, changes: plan.changes.length}};
        });
    } catch (e) {
        conn.session.close();
        return {status: 'failed', runid: 0, error: errorMessage(e)};
    }
    return execute(ctx, {keys, doneSteps: new Set()});
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
 * Reverts to LTI 1.1: authMethod back to 1.1 at KAF and lti_version back to LTI-1p0 (the 1.3 values, the keys
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
 * @returns the context
 */
async function loadRun(conn: Connection, run: RunSummary, opts: EngineOptions): Promise<{ctx: Ctx; done: Set<string>}> {
    const plan = JSON.parse(run.plan) as Plan;
    const {snapshot} = await conn.services.runGetSnapshot(run.id);
    const journal = new Journal(conn.services, opts.onProgress, opts.now);
    const done = new Set(run.steps.filter((s) => s.status === 'done').map((s) => s.name));
    for (const s of run.steps.filter((x) => x.status === 'done')) {
        journal.states.set(s.name as StepName, {status: 'done', startedAt: s.timestarted, durationMs: s.durationms, detail: {}});
        opts.onProgress?.({step: s.name as StepName, state: journal.states.get(s.name as StepName)!});
    }
    journal.runid = run.id;
    const parsed = parseSnapshot(snapshot);
    const ctx: Ctx = {services: conn.services, session: conn.session, backend: conn.backend, plan, journal, runid: run.id,
        snapshot: parsed, changed: parsed !== null};
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
        const view = await conn.session.hosted();
        const before = (f: string): string => ctx.snapshot?.kaf[f]?.[0] ?? ctx.snapshot?.revealed[f]?.[0] ?? '';
        const pub = hostedValue(view, 'lti13ServicePublicKey');
        const savedByRun = ctx.snapshot !== null && pub.trim() !== '' && pub !== before('lti13ServicePublicKey')
            && hostedValue(view, 'lti13ServicePrivateKey') !== before('lti13ServicePrivateKey');
        keys = savedByRun ? null : newKeys(conn.backend);
        keys?.catch(() => undefined);
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
        await finish(ctx, 'failed', {cause: msg('engine_rollbacknothing')});
        return {status: 'failed', runid: run.id, error: msg('engine_rollbacknothing')};
    }
    return rollbackRun(ctx, msg('engine_rollbackrequested'));
}
