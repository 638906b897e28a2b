// The engine's KAF evidence from the server's probe: the rule itself (key set, OIDC parameters as
// local/kaltura/auth.php judges them) lives in classes/local/probe_rule.php and is tested there
// (tests/unit/probe_rule_test.php) and end to end against the simulator (tests/integration).

import {describe, expect, it} from 'vitest';
import {checkKeySet, checkOidc} from '../../amd/src/local/verify';
import {KafClient} from '../../amd/src/local/kaf/client';
import {probe as probeKaf} from '../../amd/src/local/kaf/lti';
import {EngineError} from '../../amd/src/local/errors';
import type {Plan} from '../../amd/src/local/model';
import type {ProbeResult, Services} from '../../amd/src/services';

const plan: Plan = {kind: 'upgrade', changes: [], authMethod: {lti11: 'lti', lti13: 'lti1.3'}, layout: 'present', keys: 'new',
    kafUri: 'https://k.example', clientId: 'cid', wwwroot: 'https://m.example'};

const keys = {jwk: {kty: 'RSA' as const, n: 'nn', e: 'AQAB'}, thumbprint: 'tp-of-our-key', publicPem: '', privateTokens: []};

/**
 * A probe answer, with some parts changed.
 *
 * @param keyset key set overrides
 * @param oidc login initiation overrides
 * @returns the answer
 */
function probe(keyset: Partial<ProbeResult['keyset']> = {}, oidc: Partial<ProbeResult['oidc']> = {}): ProbeResult {
    return {wwwroot: 'https://m.example', kafuri: 'https://k.example', clientid: 'cid',
        keyset: {problem: '', httpstatus: 200, error: '', expected: keys.thumbprint, matched: true, thumbprint: keys.thumbprint,
            bits: 2048, kid: 'kid1', keys: [{kid: 'kid1', kty: 'RSA', bits: 2048, thumbprint: keys.thumbprint}], ...keyset},
        oidc: {httpstatus: 302, location: 'https://m.example/local/kaltura/auth.php?x=1', problems: [], excerpt: '', error: '',
            ...oidc}};
}

describe('KAF evidence from the probe', () => {
    it('the key set holds our key only when the server matched our thumbprint', () => {
        const ok = checkKeySet(keys, probe());
        expect(ok).toEqual({id: 'keyset', ok: true, message: {key: 'engine_ev_keysetokkid', params: {thumbprint: keys.thumbprint,
            kid: 'kid1'}}});
        // KAF's kid is the thumbprint: the evidence shows it once.
        expect(checkKeySet(keys, probe({kid: keys.thumbprint})).message).toEqual({key: 'engine_ev_keysetok',
            params: {thumbprint: keys.thumbprint}});
        const changed = checkKeySet(keys, probe({matched: false, problem: 'keysetchanged', thumbprint: 'other'}));
        expect(changed.ok).toBe(false);
        expect(changed.message).toEqual({key: 'engine_ev_keysetmissing', params: {thumbprint: keys.thumbprint, count: 1}});
        // A verdict about another key proves nothing about ours.
        expect(checkKeySet(keys, probe({expected: 'some-other-key'})).ok).toBe(false);
    });

    it('the login initiation is right only when the server found no problem', () => {
        expect(checkOidc(plan, probe()).ok).toBe(true);
        expect(checkOidc(plan, probe()).message.key).toBe('engine_ev_oidcok');
        const wrong = checkOidc(plan, probe({}, {problems: ['client_id', 'redirect_uri']}));
        expect(wrong.ok).toBe(false);
        expect(wrong.message.key).toBe('engine_ev_oidcwrong');
        expect(wrong.message.params?.problems).toBe('client_id, redirect_uri');
        const none = checkOidc(plan, probe({}, {location: '', problems: ['location'], httpstatus: 400}));
        expect(none.ok).toBe(false);
        expect(none.message.key).toBe('engine_ev_oidcnoredirect');
        expect(none.message.params?.location).toBeUndefined();
    });
});

describe('the LTI probe through the client', () => {
    /**
     * A session whose services answer lti_probe with the given answers in turn.
     *
     * @param answers the answers
     * @returns the session and the thumbprints asked for
     */
    function session(...answers: ProbeResult[]): {s: KafClient; asked: string[]} {
        const asked: string[] = [];
        const services = {ltiProbe: async(tp: string) => {
            asked.push(tp);
            const next = answers.shift();
            if (!next) {
                throw new Error('no more answers');
            }
            return next;
        }} as unknown as Services;
        return {s: new KafClient(services, {username: 'u', password: 'p'}, {retryDelayMs: 0}), asked};
    }

    it('asks once when KAF answers', async() => {
        const {s, asked} = session(probe());
        expect((await probeKaf(s, 'tp')).keyset.matched).toBe(true);
        expect(asked).toEqual(['tp']);
    });

    it('asks again once when KAF did not answer or answered 5xx', async() => {
        const down = probe({problem: 'kafrequest', error: 'kafunreachable', httpstatus: 0, matched: false},
            {error: 'kafunreachable', problems: ['location'], httpstatus: 0});
        const {s, asked} = session(probe({problem: 'keysetstatus', httpstatus: 503, matched: false}), probe());
        expect((await probeKaf(s, 'tp')).keyset.matched).toBe(true);
        expect(asked).toEqual(['tp', 'tp']);

        const twice = session(down, down);
        const e = await probeKaf(twice.s, 'tp').catch((x: unknown) => x);
        expect(e).toBeInstanceOf(EngineError);
        expect((e as EngineError).errorcode).toBe('kafunreachable');
        expect((e as EngineError).msg.key).toBe('kafunreachable');
        expect(twice.asked).toHaveLength(2);
    });
});
