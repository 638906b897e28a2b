// The rollback: put the snapshot back on both sides, each on its own, read both back and end the run as
// rolledback, or as rollbackfailed with what still differs side by side.

import {hosted, requireModule, saveHosted, saveModule} from '../kaf/console';
import {restoredDiffs} from '../verify';
import {settingValue, type Difference, type Snapshot} from '../snapshot';
import {toolValue} from '../tooltypes';
import {EngineError} from '../errors';
import {msg, type Message, type RunOutcome, type SideState} from '../model';
import {finish, twice, type Ctx} from './context';

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
 * Puts the snapshot back at KAF: the revealed 1.3 fields first while they are shown, then everything else, then
 * the other module pages (Ltigrading).
 *
 * @param ctx the run
 * @param snapshot the snapshot
 */
async function restoreKaf(ctx: Ctx, snapshot: Snapshot): Promise<void> {
    // Partial reads: a form that lost a 1.3 field must not keep authMethod on 1.3; what cannot be seen is reported.
    let view = await hosted(ctx.session, true);
    const revealed = restoreMap(snapshot.revealed, view, snapshot.volatile);
    if (revealed.size > 0) {
        view = await saveHosted(ctx.session, revealed, view, true);
    }
    const rest = restoreMap(snapshot.kaf, view, snapshot.volatile);
    if (rest.size > 0) {
        await saveHosted(ctx.session, rest, view, true);
    }
    for (const [path, wanted] of Object.entries(snapshot.modules)) {
        const back = restoreMap(wanted, await requireModule(ctx.session, path), snapshot.volatile);
        if (back.size > 0) {
            await saveModule(ctx.session, path, back);
        }
    }
}

/**
 * Puts the snapshot's Moodle settings and grade tool values back.
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
 * Reads the snapshot's other module pages again.
 *
 * @param ctx the run
 * @param snapshot the snapshot
 * @returns path => values now
 */
async function readModules(ctx: Ctx, snapshot: Snapshot): Promise<Record<string, Map<string, string[]>>> {
    const paths = Object.keys(snapshot.modules);
    const views = await Promise.all(paths.map((path) => requireModule(ctx.session, path)));
    return Object.fromEntries(paths.map((path, i) => [path, (views[i] as {values: Map<string, string[]>}).values]));
}

/** The rollback left differences. */
class RollbackIncomplete extends EngineError {
    readonly sides: SideState[];

    /**
     * Makes the error; its message names the side that could not be read back, or else the fields still different.
     *
     * @param sides where each side stands
     */
    constructor(sides: SideState[]) {
        const unread = sides.find((s) => s.unread);
        super(unread ? msg(`engine_rollbackunread_${unread.where}`) : msg('engine_rollbackincomplete', {fields: sides
            .filter((s) => !s.restored).flatMap((s) => s.differences.map((d) => d.field)).join(', ')}), 'rollbackincomplete');
        this.sides = sides;
    }
}

/**
 * A side's state from its differences; null differences mean the side could not be read.
 *
 * @param where the side
 * @param differences what differs
 * @returns the state
 */
function side(where: 'kaf' | 'moodle', differences: Difference[] | null): SideState {
    if (differences === null) {
        return {where, restored: false, unread: true, differences: []};
    }
    return {where, restored: differences.length === 0, differences};
}

/**
 * Puts both sides back, each on its own: KAF being down must not keep Moodle's settings from being restored.
 *
 * @param ctx the run
 * @param snapshot the snapshot
 */
async function restore(ctx: Ctx, snapshot: Snapshot): Promise<void> {
    await ctx.journal.step('rollback', async() => {
        const results = await Promise.allSettled([twice(() => restoreKaf(ctx, snapshot)),
            twice(() => restoreMoodle(ctx, snapshot))]);
        const failed = results.find((r) => r.status === 'rejected');
        if (failed) {
            throw failed.reason;
        }
        return {result: null, detail: {kaf: 'restored', moodle: 'restored'}};
    });
}

/**
 * Reads both sides back, each on its own, so that one side's differences are listed even when the other cannot be
 * read.
 *
 * @param ctx the run
 * @param snapshot the snapshot
 * @returns where each side stands
 */
async function readBack(ctx: Ctx, snapshot: Snapshot): Promise<SideState[]> {
    return ctx.journal.step('rollbackverify', async() => {
        const [view, state, modules] = await Promise.allSettled([twice(() => hosted(ctx.session, true)),
            twice(() => ctx.services.getState()), twice(() => readModules(ctx, snapshot))]);
        const d = restoredDiffs(snapshot, view.status === 'fulfilled' && modules.status === 'fulfilled' ? view.value : null,
            state.status === 'fulfilled' ? state.value : null, modules.status === 'fulfilled' ? modules.value : {});
        const result = [side('kaf', d.kaf), side('moodle', d.moodle)];
        if (!result.every((s) => s.restored)) {
            throw new RollbackIncomplete(result);
        }
        return {result, detail: {kaf: 'restored', moodle: 'restored'}};
    });
}

/**
 * Rolls back to the snapshot, verifies the restoration and ends the run.
 *
 * @param ctx the run
 * @param cause why (the failure that started the rollback, or the admin's choice)
 * @returns the outcome
 */
export async function rollbackRun(ctx: Ctx, cause: Message): Promise<RunOutcome> {
    const snapshot = ctx.snapshot as Snapshot;
    try {
        await restore(ctx, snapshot);
    } catch {
        // What is left different is found and reported just below.
    }
    let sides: SideState[] = [side('kaf', null), side('moodle', null)];
    try {
        sides = await readBack(ctx, snapshot);
    } catch (e) {
        if (e instanceof RollbackIncomplete) {
            sides = e.sides;
        }
    }
    const outcome: RunOutcome = sides.every((s) => s.restored)
        ? {status: 'rolledback', runid: ctx.runid, error: cause, evidence: [
            {id: 'hostedfields', ok: true, message: msg('engine_ev_restoredkaf')},
            {id: 'moodlesettings', ok: true, message: msg('engine_ev_restoredmoodle')},
        ]}
        : {status: 'rollbackfailed', runid: ctx.runid, error: cause, sides, message: msg('engine_rollbackfailed_todo')};
    return finish(ctx, outcome, {cause, sides});
}
