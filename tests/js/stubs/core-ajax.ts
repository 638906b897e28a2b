// Test stand-in for Moodle's core/ajax (vitest.config.ts aliases core/ajax here): records each call and answers
// with what the test set, as core/ajax would (one promise per request; a failure rejects with {errorcode, message}).

export interface AjaxRequest {
    methodname: string;
    args: Record<string, unknown>;
}

type Responder = (req: AjaxRequest) => Promise<unknown>;

/** Every request made, in order. */
export const calls: AjaxRequest[] = [];

let responder: Responder = () => Promise.resolve({});

/**
 * Sets how requests are answered.
 *
 * @param fn request => answer
 */
export function respondWith(fn: Responder): void {
    responder = fn;
}

/** Forgets the calls and answers {} again. */
export function resetAjax(): void {
    calls.length = 0;
    responder = () => Promise.resolve({});
}

const Ajax = {
    call(requests: AjaxRequest[]): Array<Promise<unknown>> {
        return requests.map((r) => {
            calls.push(r);
            return responder(r);
        });
    },
};

export default Ajax;
