// The shipped shim's PHP, run for the integration tier (tests/integration/shim/harness.php): one process per test
// environment, one JSON line per call, answered in order. Nothing here knows KAF, cookies or secrets.

import {spawn, type ChildProcessByStdio} from 'node:child_process';
import type {Readable, Writable} from 'node:stream';
import * as path from 'node:path';
import {createInterface} from 'node:readline';
import {ServiceError} from '../../amd/src/local/shim';

type Answer = {ok: unknown; sent: string[]} | {error: string; a: unknown; sent: string[]};

export class PhpShim {
    /** Every request the door sent to KAF: "METHOD /path". */
    readonly sent: string[] = [];
    private readonly proc: ChildProcessByStdio<Writable, Readable, null>;
    private readonly waiting: Array<{resolve: (a: Answer) => void; reject: (e: Error) => void}> = [];

    /**
     * Starts the process.
     *
     * @param caFile the CA file the door trusts (the simulator's test CA), '' for none
     * @param timeoutMs the longest wait per KAF request
     */
    constructor(caFile: string, timeoutMs: number) {
        this.proc = spawn('php', [path.join(__dirname, 'shim', 'harness.php'), caFile, String(timeoutMs)],
            {stdio: ['pipe', 'pipe', 'inherit']});
        createInterface({input: this.proc.stdout}).on('line', (line) => this.waiting.shift()?.resolve(JSON.parse(line) as Answer));
        this.proc.on('exit', (code) => {
            for (const w of this.waiting.splice(0)) {
                w.reject(new Error('the PHP shim exited with ' + String(code)));
            }
        });
    }

    /**
     * Calls one function of the harness.
     *
     * @param fn the function
     * @param args its arguments
     * @returns its result; a policy_exception becomes a ServiceError with its code
     */
    async call<T>(fn: string, args: object = {}): Promise<T> {
        const answer = await new Promise<Answer>((resolve, reject) => {
            this.waiting.push({resolve, reject});
            this.proc.stdin.write(JSON.stringify({fn, args}) + '\n');
        });
        this.sent.push(...answer.sent);
        if ('error' in answer) {
            throw new ServiceError(answer.error, `${fn}: ${answer.error} ${JSON.stringify(answer.a)}`);
        }
        return answer.ok as T;
    }

    /** Ends the process. */
    stop(): void {
        this.proc.kill();
    }
}
