// The module amd/src/services.ts itself, over the core/ajax stand-in (vitest.config.ts aliases core/ajax to tests/js/stubs).

import {afterEach, describe, expect, it} from 'vitest';
import {ajaxServices, isServiceError, loadForgeBackend, ServiceError, toServiceError} from '../../amd/src/services';
import {calls, resetAjax, respondWith} from './stubs/core-ajax';

afterEach(() => resetAjax());

describe('ajaxServices', () => {
    it('calls each external function by its name with its arguments', async() => {
        respondWith((r) => Promise.resolve({called: r.methodname}));
        const s = ajaxServices();
        expect(await s.getState()).toEqual({called: 'tool_kalturalti13_get_state', run: null});
        await s.kafLogin('admin', 'pw');
        await s.kafRequest('POST', '/admin/config/tab/hosted', [{name: 'a', value: 'b'}]);
        await s.saveSettings([{name: 'lti_version', value: '1.3.0'}]);
        await s.saveToolType(4, [{name: 'ltiversion', value: '1.3.0'}]);
        await s.runStart('upgrade', '{}');
        await s.runStep(3, 'kaf', 'done', 10, 20, '{"x":1}');
        await s.runSnapshot(3, '{}');
        await s.runGetSnapshot(3);
        await s.runFinish(3, 'completed', '{}');
        await s.runGet(0);
        expect(calls).toEqual([
            {methodname: 'tool_kalturalti13_get_state', args: {}},
            {methodname: 'tool_kalturalti13_kaf_login', args: {username: 'admin', password: 'pw'}},
            {methodname: 'tool_kalturalti13_kaf_request', args: {method: 'POST', path: '/admin/config/tab/hosted',
                fields: [{name: 'a', value: 'b'}]}},
            {methodname: 'tool_kalturalti13_save_settings', args: {changes: [{name: 'lti_version', value: '1.3.0'}]}},
            {methodname: 'tool_kalturalti13_save_tool_type', args: {typeid: 4, changes: [{name: 'ltiversion', value: '1.3.0'}]}},
            {methodname: 'tool_kalturalti13_run_start', args: {kind: 'upgrade', plan: '{}'}},
            {methodname: 'tool_kalturalti13_run_step', args: {runid: 3, name: 'kaf', status: 'done', timestarted: 10,
                durationms: 20, detail: '{"x":1}'}},
            {methodname: 'tool_kalturalti13_run_snapshot', args: {runid: 3, snapshot: '{}'}},
            {methodname: 'tool_kalturalti13_run_get_snapshot', args: {runid: 3}},
            {methodname: 'tool_kalturalti13_run_finish', args: {runid: 3, status: 'completed', detail: '{}'}},
            {methodname: 'tool_kalturalti13_run_get', args: {runid: 0}},
        ]);
    });

    it('turns core/ajax rejections into ServiceError keyed on errorcode', async() => {
        respondWith(() => Promise.reject({errorcode: 'runinprogress', message: 'Run 4 started by Admin User', debuginfo: 'x'}));
        const e = await ajaxServices().runStart('upgrade', '{}').catch((x: unknown) => x);
        expect(e).toBeInstanceOf(ServiceError);
        expect(isServiceError(e, 'runinprogress')).toBe(true);
        expect(isServiceError(e, 'kafunreachable')).toBe(false);
        expect((e as ServiceError).message).toBe('Run 4 started by Admin User');
    });
});

describe('toServiceError', () => {
    it('keeps a ServiceError as it is', () => {
        const e = new ServiceError('kaftimeout', 'slow');
        expect(toServiceError(e)).toBe(e);
    });

    it.each([
        [{errorcode: 'kafbadcredentials', message: 'no'}, 'kafbadcredentials', 'no'],
        [{errorcode: '', message: 'empty code'}, 'unknown', 'empty code'],
        [{message: 'no code'}, 'unknown', 'no code'],
        [{errorcode: 42, message: 7}, 'unknown', '[object Object]'],
        ['plain text', 'unknown', 'plain text'],
        [null, 'unknown', 'null'],
        [undefined, 'unknown', 'undefined'],
    ])('%j → %s', (input, code, message) => {
        const e = toServiceError(input);
        expect(e).toBeInstanceOf(ServiceError);
        expect(e.errorcode).toBe(code);
        expect(e.message).toBe(message);
        expect(e.name).toBe('ServiceError');
    });
});

describe('loadForgeBackend', () => {
    it('loads the forge key backend module', async() => {
        const b = await loadForgeBackend();
        const digest = await b.sha256(new TextEncoder().encode('abc'));
        expect(Array.from(digest.slice(0, 4))).toEqual([0xba, 0x78, 0x16, 0xbf]);
    });
});
