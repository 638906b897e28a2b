// The failures the engine explains, and from anything thrown to a message for the admin. A shim error is shown in the
// server's own words: the string of its code, which the server filled with what it knew (db/contract.json lists them).

import {isServiceError, isShimCode} from './shim';
import {msg, type Message, type ServiceErrorCode} from './model';

/** What the engine itself finds wrong at KAF or in the run, besides the shim's codes. */
export type EngineOwnCode = 'kafstatus' | 'kafrelogged' | 'kafformchanged' | 'kafsaverejected' | 'kafbackup'
    | 'planstale' | 'useridnokeep' | 'verifyfailed' | 'rollbackincomplete';

/** An EngineError's code: the shim's (when the failure came from it), the engine's own, or none. */
export type EngineErrorCode = ServiceErrorCode | EngineOwnCode | '';

/** The brand of an EngineError: recognised by this realm-wide symbol, not by class (one copy per AMD module). */
const ENGINE_ERROR = Symbol.for('tool_kalturalti13/EngineError');

/** A failure the engine explains: what is wrong and what to do, as a message. */
export class EngineError extends Error {
    readonly [ENGINE_ERROR] = true;
    readonly msg: Message;
    /** The shim's errorcode when the failure came from it, or the engine's own. */
    readonly errorcode: EngineErrorCode;

    /**
     * Makes the error.
     *
     * @param message what to show
     * @param errorcode the shim's or the engine's code, if any
     */
    constructor(message: Message, errorcode: EngineErrorCode = '') {
        super(message.key + (message.params ? ' ' + JSON.stringify(message.params) : ''));
        this.name = 'EngineError';
        this.msg = message;
        this.errorcode = errorcode;
    }
}

/**
 * Tells whether something thrown is an EngineError, from whichever module's copy of the class.
 *
 * @param e anything thrown
 * @returns true for an EngineError
 */
export function isEngineError(e: unknown): e is EngineError {
    return typeof e === 'object' && e !== null && (e as {[ENGINE_ERROR]?: unknown})[ENGINE_ERROR] === true;
}

/**
 * The message for a shim error code: the string of that code as the server filled it ({key: code, text}); a code the
 * shim does not document is engine_err_unknown with the server's text.
 *
 * @param code the errorcode as the server sent it
 * @param detail the server's message
 * @returns the message
 */
export function codeMessage(code: string, detail = ''): Message {
    if (!isShimCode(code)) {
        return msg('engine_err_unknown', {code, detail});
    }
    return detail ? {key: code, text: detail} : msg(code);
}

/**
 * The message of anything thrown.
 *
 * @param e what was thrown
 * @returns a message for the admin
 */
export function errorMessage(e: unknown): Message {
    if (isEngineError(e)) {
        return e.msg;
    }
    if (isServiceError(e)) {
        return codeMessage(e.rawcode, e.message);
    }
    const text = e instanceof Error ? e.message : String(e);
    return msg('engine_err_unexpected', {error: text.slice(0, 300)});
}
