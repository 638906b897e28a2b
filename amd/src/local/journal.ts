// The run's journal: each step's state in memory for the page (through the progress listener) and on the server
// (run_step). A journal write that fails does not stop the run or its rollback; it is kept as a warning.

import {type Services, msg, type Message, type Params, type Plan, type ProgressListener, type StepName, type StepState}
    from './model';
import {errorMessage} from './errors';

export class Journal {
    readonly states = new Map<StepName, StepState>();
    readonly warnings: Message[] = [];
    private readonly services: Services;
    private readonly onProgress: ProgressListener;
    private readonly now: () => number;
    /** The server writes still under way. */
    private writes: Promise<void> = Promise.resolve();
    runid = 0;

    /**
     * Makes the journal.
     *
     * @param services the shim
     * @param onProgress step updates for the page
     * @param now clock (ms)
     */
    constructor(services: Services, onProgress: ProgressListener = () => undefined, now: () => number = Date.now) {
        this.services = services;
        this.onProgress = onProgress;
        this.now = now;
    }

    /**
     * Records a step's new state locally, to the page, and (once there is a run) on the server.
     *
     * @param step the step
     * @param state its state
     */
    async set(step: StepName, state: StepState): Promise<void> {
        this.states.set(step, state);
        try {
            this.onProgress({step, state});
        } catch {
            // The page's rendering must never break the run.
        }
        if (this.runid === 0) {
            return;
        }
        const started = 'startedAt' in state ? state.startedAt : this.now();
        const duration = 'durationMs' in state ? state.durationMs : 0;
        let detail: unknown = {};
        if (state.status === 'done') {
            detail = state.detail;
        } else if (state.status === 'failed') {
            detail = {error: state.error};
        } else if (state.status === 'skipped') {
            detail = {reason: state.reason};
        }
        // The run does not wait for its journal: the writes are issued in order, and the shim sends each with the
        // next call of the run, in the same Moodle request (batch.ts); flush() waits for them.
        this.record(step, this.services.runStep(this.runid, step, state.status, started, duration, JSON.stringify(detail)));
    }

    /**
     * Records the plan as the run settled it (plan.ts settleAfterFirstSave) with the step that settled it, as that step's
     * running state: the server keeps it as the run's plan (journal::step), so that the report and a resumed run read
     * the plan that ran. Like every journal write it rides ahead of the next call, here the save that applies it.
     *
     * @param step the step running
     * @param plan the plan as settled
     */
    planSettled(step: StepName, plan: Plan): void {
        if (this.runid === 0) {
            return;
        }
        const state = this.states.get(step);
        const startedAt = state && 'startedAt' in state ? state.startedAt : this.now();
        this.record(step, this.services.runStep(this.runid, step, 'running', startedAt, 0, JSON.stringify({plan})));
    }

    /**
     * Keeps a server write among the journal's writes; its failure is a warning.
     *
     * @param step the step it records
     * @param write the write
     */
    private record(step: StepName, write: Promise<unknown>): void {
        const done = write.then(() => undefined, () => {
            this.warnings.push(msg('engine_journalwritefailed', {step}));
        });
        this.writes = Promise.all([this.writes, done]).then(() => undefined);
    }

    /**
     * Waits for every journal write so far.
     *
     * @returns when they are done (a failed write is a warning, never a rejection)
     */
    flush(): Promise<void> {
        return this.writes;
    }

    /**
     * Runs one step: running → done (with its detail) or failed (and rethrows).
     *
     * @param step the step
     * @param fn the work; returns its result and the detail to record
     * @returns the result
     */
    async step<T>(step: StepName, fn: () => Promise<{result: T; detail: Params}>): Promise<T> {
        const startedAt = this.now();
        await this.set(step, {status: 'running', startedAt});
        try {
            const {result, detail} = await fn();
            await this.set(step, {status: 'done', startedAt, durationMs: this.now() - startedAt, detail});
            return result;
        } catch (e) {
            await this.set(step, {status: 'failed', startedAt, durationMs: this.now() - startedAt, error: errorMessage(e)});
            throw e;
        }
    }

    /**
     * Marks a step skipped.
     *
     * @param step the step
     * @param reason why
     */
    async skip(step: StepName, reason: Message): Promise<void> {
        await this.set(step, {status: 'skipped', reason});
    }
}
