// From anything thrown to a message for the admin. The shim's error codes each have an engine string.

import type {ShimErrorCode} from './contract';
import {isServiceError, isShimCode} from './shim';
import {isEngineError, msg, type Message} from './types';

/** The shim's error codes that have a string engine_err_<code>; the others are shown as engine_err_unknown. */
export const EXPLAINED_CODES: readonly ShimErrorCode[] = ['kafbadcredentials', 'kafunreachable', 'kaftlserror',
    'kafunexpectedpage', 'kafuribad', 'kafhostrefused', 'kafnotloggedin', 'kafpathrefused', 'kafmethodrefused',
    'kaftimeout', 'settingunknown', 'settinginvalid', 'runinprogress', 'secretunknown', 'secretmisplaced', 'tooltypeunknown',
    'tooltypefieldunknown', 'tooltypeinvalid', 'tooltypeclientidtaken'];

/**
 * The message for a shim error code; the server's own text goes along as {$a->detail}.
 *
 * @param code the errorcode as the server sent it
 * @param detail the server's message
 * @returns the message
 */
export function codeMessage(code: string, detail = ''): Message {
    return isShimCode(code) && EXPLAINED_CODES.includes(code) ? msg('engine_err_' + code, {detail})
        : msg('engine_err_unknown', {code, detail});
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
