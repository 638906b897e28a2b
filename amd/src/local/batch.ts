// One core/ajax round trip for several calls. lib/ajax/service.php runs the calls of one request in order and
// stops at the first that fails; core/ajax then rejects every call of the request. Two kinds of call ride in the
// batch of the next call, ahead of it, instead of making a Moodle request of their own:
// - best effort (journal writes): when the server refuses one, what came after it in the batch never ran, so it is
//   sent again without the failed call; the failure is the rider's alone;
// - prerequisite (the snapshot): when it fails, what came after it must not run, and fails with it. That is how
//   the snapshot is on the server before the change it guards, in the same Moodle request.
// A rider with no call to ride with goes alone after lingerMs. A rider may replace an earlier one with its key that
// still waits (a step's "running" state when its "done" state comes before anything was sent).

/** A call as core/ajax takes it. */
export interface AjaxRequest {
    methodname: string;
    args: Record<string, unknown>;
}

/** The part of core/ajax used here. */
export interface AjaxLike {
    call(requests: AjaxRequest[]): Array<Promise<unknown>>;
}

export type RiderKind = 'besteffort' | 'prerequisite';

interface Entry {
    req: AjaxRequest;
    kind: RiderKind | 'main';
    /** Riders with the same key replace each other while they wait: only the latest is sent. */
    key?: string;
    resolve: (v: unknown) => void;
    reject: (e: unknown) => void;
}

/**
 * Whether a core/ajax rejection is the server's answer (an exception with an errorcode), not a transport failure.
 *
 * @param e the rejection
 * @returns true for a server answer
 */
function isServerAnswer(e: unknown): boolean {
    return typeof e === 'object' && e !== null && typeof (e as {errorcode?: unknown}).errorcode === 'string';
}

export class Batcher {
    private readonly ajax: AjaxLike;
    private readonly toError: (e: unknown) => Error;
    private readonly lingerMs: number;
    private queue: Entry[] = [];
    private timer: ReturnType<typeof setTimeout> | null = null;

    /**
     * Makes the batcher.
     *
     * @param ajax core/ajax
     * @param toError turns a core/ajax rejection into the error callers see
     * @param lingerMs how long a rider waits for a call
     */
    constructor(ajax: AjaxLike, toError: (e: unknown) => Error, lingerMs = 1500) {
        this.ajax = ajax;
        this.toError = toError;
        this.lingerMs = lingerMs;
    }

    /**
     * Queues a call to go ahead of the next one.
     *
     * @param req the call
     * @param kind best effort or prerequisite
     * @param key a waiting rider with the same key is replaced by this one (both get this one's answer)
     * @returns its answer
     */
    ride<T>(req: AjaxRequest, kind: RiderKind, key?: string): Promise<T> {
        return new Promise<T>((resolve, reject) => {
            const waiting = key === undefined ? undefined : this.queue.find((e) => e.key === key);
            if (waiting) {
                const [before, beforeFail] = [waiting.resolve, waiting.reject];
                waiting.req = req;
                waiting.resolve = (v) => {
                    before(v);
                    resolve(v as T);
                };
                waiting.reject = (e) => {
                    beforeFail(e);
                    reject(e);
                };
                return;
            }
            this.queue.push({req, kind, key, resolve: resolve as (v: unknown) => void, reject});
            this.timer ??= setTimeout(() => {
                this.dispatch(this.take());
            }, this.lingerMs);
        });
    }

    /**
     * Sends a call now, with the queued riders ahead of it.
     *
     * @param req the call
     * @returns its answer
     */
    send<T>(req: AjaxRequest): Promise<T> {
        return new Promise<T>((resolve, reject) => {
            this.dispatch([...this.take(), {req, kind: 'main', resolve: resolve as (v: unknown) => void, reject}]);
        });
    }

    /**
     * Empties the queue.
     *
     * @returns what was queued
     */
    private take(): Entry[] {
        if (this.timer !== null) {
            clearTimeout(this.timer);
            this.timer = null;
        }
        const out = this.queue;
        this.queue = [];
        return out;
    }

    /**
     * Sends entries as one core/ajax request and settles each.
     *
     * @param entries the calls, in order
     */
    private dispatch(entries: Entry[]): void {
        if (entries.length === 0) {
            return;
        }
        const promises = this.ajax.call(entries.map((e) => e.req));
        // Every promise of a failed request rejects; each is handled in settle().
        promises.forEach((p) => p.catch(() => undefined));
        void this.settle(entries, promises);
    }

    /**
     * Settles the entries in order: the first failure decides what happens to the ones after it.
     *
     * @param entries the calls
     * @param promises core/ajax's promises for them
     */
    private async settle(entries: Entry[], promises: Array<Promise<unknown>>): Promise<void> {
        for (let i = 0; i < entries.length; i++) {
            const entry = entries[i] as Entry;
            try {
                entry.resolve(await promises[i]);
            } catch (e) {
                const error = this.toError(e);
                entry.reject(error);
                const rest = entries.slice(i + 1);
                if (entry.kind === 'besteffort' && isServerAnswer(e)) {
                    // The server refused the journal write and stopped there: the rest never ran, so it is sent
                    // again. A transport failure is not: the server may have run the rest, so it fails with it.
                    this.dispatch(rest);
                } else {
                    rest.forEach((r) => r.reject(error));
                }
                return;
            }
        }
    }
}
