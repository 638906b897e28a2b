// The OIDC check, parameter by parameter, as local/kaltura/auth.php judges the request (domain.md §2.1).

import {describe, expect, it} from 'vitest';
import {checkOidc, oidcParams, oidcProblems} from '../../amd/src/local/verify';
import type {Plan} from '../../amd/src/local/types';

const plan: Plan = {kind: 'upgrade', changes: [], authMethod: {lti11: 'lti', lti13: 'lti1.3'}, layout: 'present', keys: 'new',
    kafUri: 'https://k.example', clientId: 'cid', wwwroot: 'https://m.example'};

const sent = new Map(oidcParams(plan).map((f) => [f.name, f.value]));

/**
 * The redirect KAF answers with, as the simulator (and KAF) builds it, with some parameters changed.
 *
 * @param over name => value (null: leave the parameter out)
 * @param base the target before the query
 * @returns the URL
 */
function redirect(over: Record<string, string | null> = {}, base = 'https://m.example/local/kaltura/auth.php'): string {
    const params: Record<string, string | null> = {scope: 'openid', response_type: 'id_token', response_mode: 'form_post',
        prompt: 'none', client_id: 'cid', redirect_uri: 'https://k.example/hosted/index/oauth2-launch',
        login_hint: sent.get('login_hint') ?? '', lti_message_hint: sent.get('lti_message_hint') ?? '', state: 's1', nonce: 'n1',
        ...over};
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) {
        if (v !== null) {
            q.append(k, v);
        }
    }
    return base + '?' + q.toString();
}

describe('OIDC login initiation check', () => {
    it('accepts what auth.php accepts', () => {
        expect(oidcProblems(plan, redirect())).toEqual([]);
        expect(checkOidc(plan, redirect()).ok).toBe(true);
        expect(oidcProblems(plan, redirect({prompt: ''}))).toEqual([]);
        expect(oidcProblems(plan, redirect({prompt: null}))).toEqual([]);
    });

    it.each([
        ['scope', {scope: 'openid profile'}],
        ['scope', {scope: null}],
        ['response_type', {response_type: 'code'}],
        ['response_type', {response_type: null}],
        ['response_mode', {response_mode: 'query'}],
        ['response_mode', {response_mode: null}],
        ['prompt', {prompt: 'login'}],
        ['client_id', {client_id: 'other'}],
        ['client_id', {client_id: null}],
        ['redirect_uri', {redirect_uri: 'https://k.example/hosted/index/oauth2-launch/'}],
        ['redirect_uri', {redirect_uri: 'http://k.example/hosted/index/oauth2-launch'}],
        ['login_hint', {login_hint: '2'}],
        ['login_hint', {login_hint: null}],
        ['lti_message_hint', {lti_message_hint: 'x'}],
        ['lti_message_hint', {lti_message_hint: null}],
        ['nonce', {nonce: null}],
        ['nonce', {nonce: ''}],
        ['state', {state: null}],
        ['state', {state: ''}],
    ])('fails on %s (%j)', (problem, over) => {
        expect(oidcProblems(plan, redirect(over))).toEqual([problem]);
        const ev = checkOidc(plan, redirect(over));
        expect(ev.ok).toBe(false);
        expect(ev.message.key).toBe('engine_ev_oidcwrong');
        expect(ev.message.params?.problems).toBe(problem);
    });

    it('fails on a parameter given twice', () => {
        expect(oidcProblems(plan, redirect() + '&client_id=cid')).toEqual(['client_id']);
        expect(oidcProblems(plan, redirect() + '&prompt=none')).toEqual(['prompt']);
    });

    it('fails on the wrong target, or no redirect', () => {
        expect(oidcProblems(plan, redirect({}, 'https://m.example/local/kaltura/other.php'))).toEqual(['target']);
        expect(oidcProblems(plan, redirect({}, 'https://evil.example/local/kaltura/auth.php'))).toEqual(['target']);
        expect(oidcProblems(plan, '')).toEqual(['location']);
        expect(oidcProblems(plan, 'not a url')).toEqual(['location']);
        expect(checkOidc(plan, '').message.params?.location).toBe('(none)');
    });
});
