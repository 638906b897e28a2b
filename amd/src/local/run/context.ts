// What one run carries from step to step, and the small pieces every step uses: its keys, how it ends, a second try.

import {type RunStatus, type Services, type State, msg, type Plan, type RunOutcome} from '../model';
import {generateKeyPair, secretToken, thumbprint, type KeyBackend, type NewKeys, type RunKeys} from '../keys';
import {hostedValue, type HostedView} from '../hosted';
import type {Journal} from '../journal';
import type {KafClient} from '../kaf/client';
import type {Snapshot} from '../snapshot';
import {quiet} from '../wire';

export interface Ctx {
    services: Services;
    session: KafClient;
    backend: KeyBackend;
    plan: Plan;
    journal: Journal;
    runid: number;
    snapshot: Snapshot | null;
    /** The Hosted page the snapshot was taken from, used once as the form of the first save (no read between). */
    snapshotForm: HostedView | null;
    /** The snapshot's first write: it rides with the next call to the server, ahead of it (batch.ts). */
    snapshotStored: Promise<unknown>;
    /** Moodle's state as the Moodle step's save_settings answered it (null until then, or when nothing was saved). */
    moodleAfterWrites: State | null;
    /** True from just before the first request that may change something. */
    changed: boolean;
    /** Hears the outcome as soon as it is known, before the run is closed on the server. */
    onOutcome?: (outcome: RunOutcome) => void;
}

/**
 * Generates the run's key pair; starts at once so that it overlaps the start and the backup.
 *
 * @param backend key crypto
 * @returns the keys
 */
export async function newKeys(backend: KeyBackend): Promise<NewKeys> {
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
export async function keysAtKaf(backend: KeyBackend, view: HostedView): Promise<RunKeys> {
    const publicPem = hostedValue(view, 'lti13ServicePublicKey');
    const jwk = await backend.publicJwk(publicPem);
    return {jwk, thumbprint: await thumbprint(backend, jwk), publicPem,
        privateTokens: [hostedValue(view, 'lti13ServicePrivateKey').trim()]};
}

/**
 * Stores the snapshot on the server. The write rides ahead of the next call, in the same Moodle request, and the
 * server runs nothing after it when it fails: so the change that follows never happens without it (batch.ts), and
 * that call fails with the write's error.
 *
 * @param ctx the run
 * @param snapshot the snapshot
 * @param first whether this is the snapshot's first write (before any change)
 */
export function storeSnapshot(ctx: Ctx, snapshot: Snapshot, first: boolean): void {
    // The call it rides with fails with it; the first write is awaited at the end.
    const write = quiet(ctx.services.runSnapshot(ctx.runid, JSON.stringify(snapshot)));
    if (first) {
        ctx.snapshotStored = write;
    }
}

/**
 * Runs fn, and once more when it fails.
 *
 * @param fn the work
 * @returns its result
 */
export async function twice<T>(fn: () => Promise<T>): Promise<T> {
    try {
        return await fn();
    } catch {
        return fn();
    }
}

/**
 * Ends the run: the page hears the outcome at once (EngineOptions.onOutcome), then the run is closed on the server
 * (this releases the lock); a failure to record it is only a warning. The last journal writes ride in the same
 * Moodle request, ahead of it.
 *
 * @param ctx the run
 * @param outcome how the run ended
 * @param detail what to record
 * @param keyThumbprint a verified upgrade's key thumbprint, recorded by the server for the status check ('' = none)
 * @returns the outcome, once the run is closed
 */
export async function finish(ctx: Ctx, outcome: RunOutcome, detail: object, keyThumbprint = ''): Promise<RunOutcome> {
    const status: RunStatus = outcome.status === 'nothingtodo' ? 'completed' : outcome.status;
    void ctx.journal.set('finish', {status: 'done', startedAt: Date.now(), durationMs: 0, detail: {status}});
    try {
        ctx.onOutcome?.(outcome);
    } catch {
        // The page's rendering must never break the run.
    }
    try {
        await ctx.services.runFinish(ctx.runid, status, JSON.stringify(detail), keyThumbprint);
    } catch {
        ctx.journal.warnings.push(msg('engine_journalwritefailed', {step: 'finish'}));
    }
    await ctx.journal.flush();
    ctx.session.close();
    return outcome;
}
