import {describe, expect, it} from 'vitest';
import {Batcher, type AjaxRequest} from '../../amd/src/local/batch';
import {makeAjaxServices, toServiceError} from '../../amd/src/local/shim';

/** An exception as lib/ajax/service.php sends it for a call that failed. */
const refused = (errorcode: string): {errorcode: string; message: string} => ({errorcode, message: 'refused ' + errorcode});

/**
 * A core/ajax stand-in that behaves as core/ajax and service.php do: one HTTP request per call(), the calls run in
 * order, the first failure stops the rest and every promise of the request rejects with it.
 *
 * @param fail method name => the exception it fails with (once)
 * @returns the stand-in and the requests it got
 */
function fakeAjax(fail: Record<string, unknown> = {}): {ajax: {call: (r: AjaxRequest[]) => Array<Promise<unknown>>};
        requests: string[][]; ran: string[]} {
    const requests: string[][] = [];
    const ran: string[] = [];
    const ajax = {
        call(reqs: AjaxRequest[]): Array<Promise<unknown>> {
            requests.push(reqs.map((r) => r.methodname));
            let error: unknown = null;
            const answers: unknown[] = [];
            for (const r of reqs) {
                if (r.methodname in fail) {
                    error = fail[r.methodname];
                    delete fail[r.methodname];
                    break;
                }
                ran.push(r.methodname);
                answers.push({ok: r.methodname});
            }
            return reqs.map((_, i) => (error === null || i < answers.length ? Promise.resolve(answers[i])
                : Promise.reject(error)));
        },
    };
    return {ajax, requests, ran};
}

describe('the batch of core/ajax calls', () => {
    it('sends riders ahead of the next call, in one request, in order', async() => {
        const {ajax, requests} = fakeAjax();
        const b = new Batcher(ajax, toServiceError, 60000);
        const step1 = b.ride({methodname: 'step1', args: {}}, 'besteffort');
        const snap = b.ride({methodname: 'snapshot', args: {}}, 'prerequisite');
        const main = b.send({methodname: 'save', args: {}});
        await expect(Promise.all([step1, snap, main])).resolves.toEqual([{ok: 'step1'}, {ok: 'snapshot'}, {ok: 'save'}]);
        expect(requests).toEqual([['step1', 'snapshot', 'save']]);
    });

    it('sends the rest again when the server refused a journal write, so the call it rode with still happens', async() => {
        const {ajax, requests, ran} = fakeAjax({step1: refused('runbadstep')});
        const b = new Batcher(ajax, toServiceError, 60000);
        const step1 = b.ride({methodname: 'step1', args: {}}, 'besteffort');
        const main = b.send({methodname: 'save', args: {}});
        await expect(main).resolves.toEqual({ok: 'save'});
        await expect(step1).rejects.toMatchObject({errorcode: 'runbadstep'});
        expect(requests).toEqual([['step1', 'save'], ['save']]);
        expect(ran).toEqual(['save']);
    });

    it('fails the call after a snapshot the server could not store, which never ran', async() => {
        const {ajax, requests, ran} = fakeAjax({snapshot: refused('runnotrunning')});
        const b = new Batcher(ajax, toServiceError, 60000);
        const snap = b.ride({methodname: 'snapshot', args: {}}, 'prerequisite');
        const main = b.send({methodname: 'save', args: {}});
        await expect(snap).rejects.toMatchObject({errorcode: 'runnotrunning'});
        await expect(main).rejects.toMatchObject({errorcode: 'runnotrunning'});
        expect(requests).toEqual([['snapshot', 'save']]);
        expect(ran).toEqual([]);
    });

    it('never sends a call again after a transport failure (the server may have run it)', async() => {
        const requests: string[][] = [];
        const ajax = {call: (reqs: AjaxRequest[]) => {
            requests.push(reqs.map((r) => r.methodname));
            return reqs.map(() => Promise.reject('Gateway Timeout'));
        }};
        const b = new Batcher(ajax, toServiceError, 60000);
        const step = b.ride({methodname: 'step1', args: {}}, 'besteffort');
        const main = b.send({methodname: 'save', args: {}});
        await expect(main).rejects.toMatchObject({errorcode: 'unknown'});
        await expect(step).rejects.toMatchObject({errorcode: 'unknown'});
        expect(requests).toEqual([['step1', 'save']]);
    });

    it('sends a rider alone when no call comes within the linger time', async() => {
        const {ajax, requests} = fakeAjax();
        const b = new Batcher(ajax, toServiceError, 5);
        await expect(b.ride({methodname: 'step1', args: {}}, 'besteffort')).resolves.toEqual({ok: 'step1'});
        expect(requests).toEqual([['step1']]);
    });

    it('the shim sends journal writes and the snapshot with the next call, by their external function names', async() => {
        const {ajax, requests} = fakeAjax();
        const s = makeAjaxServices(ajax, 60000);
        const write = s.runStep(7, 'kaf', 'running', 1, 0, '{}');
        const snap = s.runSnapshot(7, '{"v":1}');
        await s.kafRequest('POST', '/admin/config/tab/hosted', []);
        await Promise.all([write, snap]);
        expect(requests).toEqual([['tool_kalturalti13_run_step', 'tool_kalturalti13_run_snapshot',
            'tool_kalturalti13_kaf_request']]);
    });
});

describe('riders with a key', () => {
    it('send only the latest of a step\'s states while they wait, and answer both', async() => {
        const {ajax, requests} = fakeAjax();
        const b = new Batcher(ajax, toServiceError, 60000);
        const running = b.ride({methodname: 'step', args: {status: 'running'}}, 'besteffort', 'kaf');
        const done = b.ride({methodname: 'step', args: {status: 'done'}}, 'besteffort', 'kaf');
        const other = b.ride({methodname: 'step2', args: {}}, 'besteffort', 'moodle');
        await b.send({methodname: 'save', args: {}});
        await expect(Promise.all([running, done, other])).resolves.toHaveLength(3);
        expect(requests).toEqual([['step', 'step2', 'save']]);
    });
});
