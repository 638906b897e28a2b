// The benchmark's count of Moodle web service calls (tools/bench/ajax.ts): every call inside a batched core/ajax
// request counts, however the info parameter names them.
import {describe, expect, it} from 'vitest';
import {ajaxMethods, countMethods} from '../../tools/bench/ajax';

const URL_BASE = 'https://moodle.example/lib/ajax/service.php?sesskey=abc';

/**
 * A core/ajax request body.
 *
 * @param names method names, in call order
 * @returns JSON as core/ajax sends it
 */
function body(names: string[]): string {
    return JSON.stringify(names.map((methodname, index) => ({index, methodname, args: {}})));
}

describe('bench: ajax methods per request', () => {
    it('counts a single call', () => {
        expect(ajaxMethods(`${URL_BASE}&info=tool_kalturalti13_run_step`, body(['tool_kalturalti13_run_step'])))
            .toEqual(['tool_kalturalti13_run_step']);
    });

    it('counts each call of a batch, repeated names too, from the body', () => {
        const names = ['tool_kalturalti13_run_step', 'tool_kalturalti13_kaf_request', 'tool_kalturalti13_run_step'];
        const methods = ajaxMethods(`${URL_BASE}&info=${[...names].sort().join()}`, body(names));
        expect(methods).toEqual(names);
        expect(countMethods([methods, ['tool_kalturalti13_get_state']])).toEqual({
            'tool_kalturalti13_run_step': 2, 'tool_kalturalti13_kaf_request': 1, 'tool_kalturalti13_get_state': 1});
    });

    it('counts more than five calls, where info only says how many', () => {
        const names = Array.from({length: 7}, (_, i) => `f${i}`);
        expect(ajaxMethods(`${URL_BASE}&info=7-method-calls`, body(names))).toEqual(names);
        expect(ajaxMethods(`${URL_BASE}&info=7-method-calls`, null)).toHaveLength(7);
    });

    it('reads a GET request\'s args, and falls back to info without a body', () => {
        const get = `https://moodle.example/lib/ajax/service.php?info=a&args=${encodeURIComponent(body(['a', 'b']))}`;
        expect(ajaxMethods(get, null)).toEqual(['a', 'b']);
        expect(ajaxMethods(`${URL_BASE}&info=a,b`, 'not json')).toEqual(['a', 'b']);
        expect(ajaxMethods(URL_BASE, null)).toEqual(['(unnamed)']);
    });
});
