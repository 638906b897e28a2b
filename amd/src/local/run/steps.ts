// The steps of a run that change or check something: snapshot, keys, KAF, Moodle, verify. Each is journaled.

import {type Field, type State, msg, type Evidence, type Plan} from '../model';
import type {NewKeys, RunKeys} from '../keys';
import {EngineError} from '../errors';
import {hostedValue, LTI13_FIELDS, LTIGRADING_PATH, type HostedView, type ModuleView} from '../hosted';
import {hosted, module, saveHosted, saveModule} from '../kaf/console';
import {probeBoth} from '../kaf/lti';
import {changesAt, kafTargets, settleAfterFirstSave} from '../plan';
import {settingValue, takeSnapshot, volatileNames, type Snapshot} from '../snapshot';
import {toolValue} from '../tooltypes';
import {checkKeySet, checkLtigrading, checkMoodle, checkOidc, checkPlannedKaf, checkToolTypes,
    checkUnplanned, checkUserIds} from '../verify';
import {quiet, type MoodleWriter} from '../wire';
import {keysAtKaf, storeSnapshot, type Ctx} from './context';

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
 * Snapshot: every Hosted field and the planned Moodle settings, read after the backup (which changes no setting)
 * and stored on the server ahead of the first change. The Hosted page read here is the form of the first save.
 *
 * @param ctx the run
 * @param state Moodle's state, read when the run started (only the run changes it)
 * @param earlier an earlier read of the Hosted page with no save since (hidden fields that differ are per-request)
 * @returns the snapshot
 */
export async function snapshotStep(ctx: Ctx, state: Promise<State>, earlier: HostedView | null): Promise<Snapshot> {
    return ctx.journal.step('snapshot', async() => {
        const [view, now, ltigrading] = await Promise.all([hosted(ctx.session), state,
            changesAt(ctx.plan, 'ltigrading').length > 0 ? module(ctx.session, LTIGRADING_PATH) : Promise.resolve(null)]);
        checkPlanCurrent(ctx.plan, view, now, ltigrading);
        const snapshot = takeSnapshot(view, now, ctx.plan, ltigrading);
        if (earlier) {
            const changing = volatileNames(Object.fromEntries(earlier.values), view);
            snapshot.volatile = Array.from(new Set([...snapshot.volatile, ...changing]));
        }
        storeSnapshot(ctx, snapshot, true);
        ctx.snapshot = snapshot;
        ctx.snapshotForm = view;
        const detail = {fields: Object.keys(snapshot.kaf).length, settings: Object.keys(snapshot.moodle).length};
        return {result: snapshot, detail};
    });
}

/**
 * The keys step: the new pair (already being generated), or the pair KAF has (kept, or saved by an interrupted
 * run), or none for a revert.
 *
 * @param ctx the run
 * @param pending the generation under way
 * @returns the keys
 */
export async function keysStep(ctx: Ctx, pending: Promise<NewKeys> | null): Promise<RunKeys | NewKeys | null> {
    if (ctx.plan.kind === 'revert') {
        await ctx.journal.skip('keys', msg('engine_step_nokeys'));
        return null;
    }
    return ctx.journal.step('keys', async() => {
        const keys = pending ? await pending
            : await keysAtKaf(ctx.backend, ctx.snapshotForm ?? await hosted(ctx.session));
        return {result: keys, detail: {thumbprint: keys.thumbprint, source: pending ? 'new' : 'kaf'}};
    });
}

/**
 * Fields the page shows now but did not at snapshot time: their values as first seen join the snapshot, which is
 * stored again ahead of the save that follows.
 *
 * @param ctx the run
 * @param snapshot the snapshot
 * @param view the Hosted page now
 */
function recordRevealed(ctx: Ctx, snapshot: Snapshot, view: HostedView): void {
    const fresh = Array.from(view.values.entries()).filter(([n]) => !(n in snapshot.kaf) && !(n in snapshot.revealed)
        && !snapshot.volatile.includes(n));
    if (fresh.length > 0) {
        fresh.forEach(([n, v]) => {
            snapshot.revealed[n] = v;
        });
        storeSnapshot(ctx, snapshot, false);
    }
}

/**
 * A resumed run's form: read now, learning which hidden fields change between reads.
 *
 * @param ctx the run
 * @param snapshot the snapshot (its volatile names grow here)
 * @returns the Hosted page
 */
async function readAgain(ctx: Ctx, snapshot: Snapshot): Promise<HostedView> {
    const view = await hosted(ctx.session);
    snapshot.volatile = Array.from(new Set([...snapshot.volatile, ...volatileNames(snapshot.kaf, view)]));
    return view;
}

/**
 * Applies the plan at KAF: one save when the form shows the 1.3 fields; otherwise authMethod first, then the
 * fields KAF renders once it is saved (their first values join the snapshot before they are changed).
 *
 * @param ctx the run
 * @param keys the keys
 * @param beforeSave called once, just before the first save is sent (what it sends then rides with the save)
 * @returns how many saves
 */
async function applyHosted(ctx: Ctx, keys: RunKeys | NewKeys | null, beforeSave: () => void): Promise<number> {
    const values = kafTargets(ctx.plan, keys);
    if (values.size === 0) {
        return 0;
    }
    const snapshot = ctx.snapshot as Snapshot;
    let view = ctx.snapshotForm ?? await readAgain(ctx, snapshot);
    ctx.snapshotForm = null;
    let saves = 0;
    const lti13 = ctx.plan.authMethod.lti13;
    if (!LTI13_FIELDS.every((f) => view.values.has(f)) && values.get('authMethod') === lti13) {
        ctx.changed = true;
        beforeSave();
        view = await saveHosted(ctx.session, new Map([['authMethod', lti13]]), view);
        saves++;
        if (!LTI13_FIELDS.every((f) => view.values.has(f))) {
            throw new EngineError(msg('engine_kaffieldsnotrevealed'), 'kafformchanged');
        }
    }
    recordRevealed(ctx, snapshot, view);
    // The line decided after the first save is settled now, by the plan; its settled form is journaled as the run's plan.
    const settled = settleAfterFirstSave(ctx.plan, view);
    if (settled !== ctx.plan) {
        ctx.plan = settled;
        ctx.journal.planSettled('kaf', settled);
    }
    ctx.changed = true;
    if (saves === 0) {
        beforeSave();
    }
    await saveHosted(ctx.session, kafTargets(ctx.plan, keys), view);
    return saves + 1;
}

/**
 * The value a value change sets.
 *
 * @param c the change
 * @returns the value
 */
function valueOf(c: Plan['changes'][number]): string {
    return c.after.kind === 'value' ? c.after.value : '';
}

/**
 * The KAF step: Hosted, then the Ltigrading line.
 *
 * @param ctx the run
 * @param keys the keys
 * @param beforeSave called just before the first Hosted save is sent
 */
export async function kafStep(ctx: Ctx, keys: RunKeys | NewKeys | null, beforeSave: () => void): Promise<void> {
    await ctx.journal.step('kaf', async() => {
        const saves = await applyHosted(ctx, keys, beforeSave);
        const changes = changesAt(ctx.plan, 'ltigrading');
        if (changes.length > 0) {
            ctx.changed = true;
            await saveModule(ctx.session, LTIGRADING_PATH, new Map(changes.map((c) => [c.field, valueOf(c)])));
        }
        return {result: null, detail: {saves, ltigrading: changes.length > 0 ? 1 : 0}};
    });
}

/**
 * Moodle's side of the plan: local_kaltura's settings (config log rows) and the grade tools' fields.
 *
 * @param plan the plan
 * @returns the settings, and the fields per tool
 */
function moodleChanges(plan: Plan): {settings: Field[]; tools: Map<number, Field[]>} {
    const settings: Field[] = changesAt(plan, 'moodle').map((c) => ({name: c.field, value: valueOf(c)}));
    const tools = new Map<number, Field[]>();
    for (const c of changesAt(plan, 'tooltype')) {
        const id = c.tool?.id ?? 0;
        tools.set(id, [...tools.get(id) ?? [], {name: c.field, value: valueOf(c)}]);
    }
    return {settings, tools};
}

/**
 * The Moodle step. Its writes are made at once, through the writer given (wire.ts withFirstSave: ahead of the first
 * KAF save, or on their own). The grade tools go first, so that save_settings' answer (Moodle's state after every
 * write) is what verification checks.
 *
 * @param ctx the run
 * @param writer where the writes go
 * @returns when the step is done (ctx.moodleAfterWrites then holds Moodle's state after the writes, when there were
 *          settings)
 */
export function moodleStep(ctx: Ctx, writer: MoodleWriter): Promise<void> {
    const {settings, tools} = moodleChanges(ctx.plan);
    if (settings.length > 0 || tools.size > 0) {
        ctx.changed = true;
    }
    const toolWrites = [...tools].map(([id, fields]) => writer.saveToolType(id, fields));
    const settingsWrite = settings.length > 0 ? writer.saveSettings(settings) : Promise.resolve(null);
    const writes = quiet(Promise.all([...toolWrites, settingsWrite])); // Awaited in the step.
    const detail = {settings: settings.map((c) => c.name).join(', '), tooltypes: [...tools.keys()].join(', ')};
    return ctx.journal.step('moodle', async() => {
        await writes;
        ctx.moodleAfterWrites = await settingsWrite;
        return {result: undefined, detail};
    });
}

/**
 * Verifies the end state: Hosted as planned and otherwise unchanged, our key in KAF's key set, KAF's OIDC
 * login initiation back to Moodle, Moodle's settings as planned. Every read is independent: they go out together.
 *
 * @param ctx the run
 * @param keys the keys
 * @returns the evidence (throws when any check failed)
 */
export async function verifyStep(ctx: Ctx, keys: RunKeys | null): Promise<Evidence[]> {
    return ctx.journal.step('verify', async() => {
        const probing = ctx.plan.kind === 'upgrade' && keys !== null;
        const ltigrading = changesAt(ctx.plan, 'ltigrading').length > 0;
        // Moodle's state as save_settings answered it, read after every Moodle write; read now when none was made.
        const [probe, view, state, ltigradingView] = await Promise.all([
            probing ? probeBoth(ctx.session, keys.thumbprint) : null, hosted(ctx.session),
            ctx.moodleAfterWrites ?? ctx.services.getState(),
            ltigrading ? module(ctx.session, LTIGRADING_PATH) : null]);
        const snapshot = ctx.snapshot as Snapshot;
        const evidence: Evidence[] = [checkPlannedKaf(ctx.plan, keys, view), checkUnplanned(ctx.plan, snapshot, view).evidence];
        if (probe && keys) {
            evidence.push(checkKeySet(keys, probe), checkOidc(ctx.plan, probe));
        }
        evidence.push(checkMoodle(ctx.plan, state));
        const userIds = checkUserIds(ctx.plan, view);
        if (userIds) {
            evidence.push(userIds);
        }
        if (changesAt(ctx.plan, 'tooltype').length > 0) {
            evidence.push(checkToolTypes(ctx.plan, state));
        }
        if (ltigrading) {
            evidence.push(checkLtigrading(ctx.plan, snapshot, ltigradingView));
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
