// How a run's calls travel, kept apart from what the run does. Moodle's calls go on their own, or wait for the next
// call and go ahead of it in its Moodle request (batch.ts: the server runs nothing after a write that fails); a KAF page
// opened ahead of the run is reused only while it is still the last page KAF rendered (its form holds the
// anti-forgery token of that render). This is what keeps a run's round trips to the critical path (`make bench`).

import type {Services} from './model';
import type {KafClient, KafPage} from './kaf/client';

/** Moodle's calls that may wait for the next call and go ahead of it. */
export type NextCallServices = Pick<Services, 'getState' | 'saveSettings' | 'saveToolType' | 'runStart'>;

/** Where a run's Moodle writes go: on their own, or with the next call. */
export type MoodleWriter = Pick<Services, 'saveSettings' | 'saveToolType'>;

/**
 * Makes a promise's failure wait for whoever awaits it, instead of going unhandled meanwhile: work started early, to
 * overlap a round trip, is awaited only where its result is needed.
 *
 * @param p the promise
 * @returns the same promise
 */
export function quiet<T>(p: Promise<T>): Promise<T> {
    p.catch(() => undefined);
    return p;
}

/**
 * The calls that go with the next call to the server, ahead of it, in its Moodle request.
 *
 * @param services the services
 * @returns the same calls, made to wait for the next one
 */
export function withNextCall(services: Services): NextCallServices {
    return services.ahead();
}

/**
 * Saves at KAF with Moodle's writes riding ahead of the first save, in its Moodle request (so they are made only when
 * the snapshot queued before them was stored); when no save goes, the writes go on their own once the saves are done.
 * Either way the writes have settled before this returns, and a failed save is reported before a failed write.
 *
 * @param services the services
 * @param saves the KAF saves; they call beforeSave just before the first save is sent
 * @param writes Moodle's writes, through the writer given
 */
export async function withFirstSave(services: Services, saves: (beforeSave: () => void) => Promise<void>,
        writes: (writer: MoodleWriter) => Promise<void>): Promise<void> {
    const ahead: {writes: Promise<void> | null} = {writes: null};
    try {
        await saves(() => {
            ahead.writes ??= quiet(writes(withNextCall(services)));
        });
    } finally {
        await ahead.writes?.catch(() => undefined);
    }
    await (ahead.writes ?? writes(services));
}

/** A KAF page opened ahead of its use, and the session's request count just after. */
export interface OpenedAhead {
    page: Promise<KafPage>;
    after: number;
}

/**
 * Opens a KAF page ahead of its use (a read that changes nothing), counting the session's requests.
 *
 * @param session the session
 * @param open opens the page
 * @returns the page under way and the count
 */
export function openAhead(session: KafClient, open: () => Promise<KafPage>): OpenedAhead {
    const page = quiet(open());
    return {page, after: session.requests};
}

/**
 * A page opened ahead, when no other KAF page was asked for since (KAF uses one anti-forgery token per render).
 *
 * @param session the session
 * @param opened the page opened ahead, if any
 * @returns the page, or null (open it again)
 */
export function stillLastPage(session: KafClient, opened: OpenedAhead | null): Promise<KafPage> | null {
    return opened && opened.after === session.requests ? opened.page : null;
}
