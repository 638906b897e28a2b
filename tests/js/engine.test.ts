import {webcrypto} from 'node:crypto';
import {describe, expect, it, vi} from 'vitest';
import {checkKafUri} from '../../amd/src/local/kafuri';
import {canProceed, preflightLocal} from '../../amd/src/local/preflight';
import {makePlan, makeRevertPlan} from '../../amd/src/local/plan';
import type {KafView} from '../../amd/src/local/hosted';
import {readHosted, type HostedView} from '../../amd/src/local/hosted';
import {parseHtml} from '../../amd/src/local/kafform';
import {fromPem, generateKeyPair, secretToken, thumbprint, webCryptoBackend} from '../../amd/src/local/keys';
import {backend as forgeBackend} from '../../amd/src/forge_keys-lazy';
import {makeAjaxServices, ServiceError} from '../../amd/src/local/shim';
import {Journal} from '../../amd/src/local/journal';
import {hostedHtml, state} from './fixtures';

const wc = webCryptoBackend(webcrypto.subtle as unknown as SubtleCrypto);

/**
 * A KAF view from the fixture page.
 *
 * @param opts page options
 * @returns the view
 */
function kafView(opts: Parameters<typeof hostedHtml>[0] = {}): KafView {
    const h = readHosted(parseHtml(hostedHtml(opts)), '/admin/config/tab/hosted');
    if ('problem' in h) {
        throw new Error(h.problem.key);
    }
    return {hosted: h as HostedView, publicThumbprint: '', publicInKeySet: false};
}

describe('kaf_uri', () => {
    it.each([
        ['https://1.kaf.kaltura.com', 'ok', ''],
        ['https://1.kaf.kaltura.com/', 'fixable', 'https://1.kaf.kaltura.com'],
        ['http://1.kaf.kaltura.com/admin', 'fixable', 'https://1.kaf.kaltura.com'],
        [' 1.kaf.kaltura.com ', 'fixable', 'https://1.kaf.kaltura.com'],
        ['', 'empty', ''],
        ['ftp://x', 'invalid', ''],
    ])('%s → %s', (raw, status, fixed) => {
        const c = checkKafUri(raw);
        expect(c.status).toBe(status);
        if (c.status === 'fixable') {
            expect(c.fixed).toBe(fixed);
        }
    });
});

describe('preflight', () => {
    it('passes a ready site and fails what blocks', () => {
        expect(canProceed(preflightLocal(state()))).toBe(true);
        const kaltura = {installed: true, release: '4.4.0', version: '', hasauth: true};
        const bad = preflightLocal({...state({partner_id: ''}), kaltura});
        expect(bad.find((c) => c.id === 'partnerid')?.result).toBe('fail');
        expect(bad.find((c) => c.id === 'kalturarelease')?.result).toBe('warn');
        const slash = preflightLocal(state({kaf_uri: 'https://x.kaf.kaltura.com/'}));
        expect(slash.find((c) => c.id === 'kafuri')?.result).toBe('warn');
    });

    it('supports Moodle 4.2 to 5.1, as version.php declares and get_state reports, and warns above', () => {
        const at = (release: string, version: string, branch: string) => preflightLocal(
            {...state(), moodle: {...state().moodle, release, version, branch}}).find((c) => c.id === 'moodleversion');
        expect(at('4.2', '2023042400', '402')?.result).toBe('pass');
        expect(at('4.5.6', '2024100706', '405')?.result).toBe('pass');
        expect(at('5.0.2', '2025041402', '500')?.result).toBe('pass');
        expect(at('5.1.3+ (Build: 20260227)', '2025100603.04', '501')?.result).toBe('pass');
        expect(at('4.1.2', '2022112802', '401')?.message)
            .toEqual({key: 'engine_pf_moodleold', params: {release: '4.1.2', from: '4.2', to: '5.1'}});
        const newer = at('5.2 (Build: 20260420)', '2026042000', '502');
        expect(newer?.result).toBe('warn');
        expect(newer?.message).toEqual({key: 'engine_pf_moodlenewer',
            params: {release: '5.2 (Build: 20260420)', from: '4.2', to: '5.1'}});
        expect(canProceed([newer!])).toBe(true);
        expect(at('6.0', '2027100600', '600')?.result).toBe('warn');
    });

    it('takes the range from get_state, not from a copy of its own', () => {
        const at = (supportedto: number, branch: string) => preflightLocal(
            {...state(), moodle: {...state().moodle, branch, supportedto}}).find((c) => c.id === 'moodleversion')?.result;
        expect(at(405, '501')).toBe('warn');
        expect(at(502, '502')).toBe('pass');
        expect(at(0, '502')).toBe('pass'); // No range declared: nothing to warn about.
        const old = preflightLocal({...state(), moodle: {...state().moodle, version: '2024100706', requires: '2025041400'}});
        expect(old.find((c) => c.id === 'moodleversion')?.result).toBe('fail');
    });

    it('warns on a Moodle with core_ltix, and says nothing of it without', () => {
        expect(preflightLocal(state()).find((c) => c.id === 'ltix')).toBeUndefined();
        const ltix = preflightLocal({...state(), moodle: {...state().moodle, ltix: true}});
        expect(ltix.find((c) => c.id === 'ltix')).toEqual({id: 'ltix', result: 'warn', message: {key: 'engine_pf_ltix'}});
        expect(canProceed(ltix)).toBe(true);
    });
});

describe('plan', () => {
    it('plans every field on a 1.1 site, nothing on an upgraded one', () => {
        const p = makePlan(state({kaf_uri: 'https://12345.kaf.kaltura.com/'}), kafView());
        expect(p.changes.map((c) => `${c.where}:${c.field}`)).toEqual(['kaf:authMethod', 'kaf:lti13PlatformOidcAuthUrl',
            'kaf:lti13AuthTokenUrl', 'kaf:lti13KeysUrl', 'kaf:lti13ClientId', 'kaf:lti13ServicePrivateKey',
            'kaf:lti13ServicePublicKey',
            'moodle:kaf_uri', 'moodle:lti_version', 'moodle:enable_logging']);
        const s = state({lti_version: '1.3.0', enable_logging: '1'});
        const done = kafView({auth: 'lti1.3', values: {lti13PlatformOidcAuthUrl: s.urls.auth, lti13AuthTokenUrl: s.urls.token,
            lti13KeysUrl: s.urls.certs, lti13ClientId: 'AbCdEfGhIjKlMnO',
            lti13ServicePrivateKey: '[[secret:sha256:' + 'a'.repeat(64) + ']]',
            lti13ServicePublicKey: 'PEM'}});
        expect(makePlan(s, {...done, publicThumbprint: 'tp', publicInKeySet: true}).changes).toEqual([]);
        expect(makePlan(s, done).keys).toBe('new');
        expect(makeRevertPlan(s, done).changes.map((c) => c.field)).toEqual(['authMethod', 'lti_version']);
    });

    it('reads the after-save layout and refuses a half form', () => {
        expect(kafView({lti13: false}).hosted.layout).toBe('after-save');
        const half = hostedHtml().replace('<input type="text" name="lti13ClientId" value="">', '');
        const problem = {key: 'engine_kaffieldsmissing', params: {fields: 'lti13ClientId'}};
        expect(readHosted(parseHtml(half), '/p')).toEqual({problem});
    });
});

describe('keys', () => {
    it('makes RSA-2048 PKCS#8/SPKI with an RFC 7638 thumbprint, the same through forge', async() => {
        const k = await generateKeyPair(wc);
        expect(k.privatePem.startsWith('-----BEGIN PRIVATE KEY-----')).toBe(true);
        expect(k.publicPem.startsWith('-----BEGIN PUBLIC KEY-----')).toBe(true);
        expect(fromPem(k.publicPem)?.der.length).toBe(294);
        expect(k.jwk.e).toBe('AQAB');
        expect(await forgeBackend.publicJwk(k.publicPem)).toEqual(await wc.publicJwk(k.publicPem));
        expect(await thumbprint(forgeBackend, k.jwk)).toBe(k.thumbprint);
        expect(await secretToken(forgeBackend, k.privatePem)).toBe(k.privateToken);
        // RFC 7638 §3.1 example.
        const n = '0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjB'
            + 'ZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8'
            + 'KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_'
            + 'xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw';
        expect(await thumbprint(wc, {kty: 'RSA', n, e: 'AQAB'})).toBe('NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs');
    }, 60000);

    it('generates with forge too', async() => {
        const k = await generateKeyPair(forgeBackend);
        expect(k.privatePem).toMatch(/^-----BEGIN PRIVATE KEY-----\n[\s\S]+\n-----END PRIVATE KEY-----$/);
        expect(await wc.publicJwk(k.publicPem)).toEqual(k.jwk);
    }, 60000);
});

describe('shim over core/ajax', () => {
    it('names the functions and keys errors on errorcode', async() => {
        const call = vi.fn((reqs: Array<{methodname: string}>) => reqs.map((r) => r.methodname.endsWith('kaf_login')
            ? Promise.reject({errorcode: 'kafbadcredentials', message: 'no'}) : Promise.resolve({ok: true})));
        const s = makeAjaxServices({call});
        await s.runStep(1, 'kaf', 'done', 1, 2, '{}');
        expect(call.mock.calls[0]?.[0]).toEqual([{methodname: 'tool_kalturalti13_run_step',
            args: {runid: 1, name: 'kaf', status: 'done', timestarted: 1, durationms: 2, detail: '{}'}}]);
        const e = await s.kafLogin('u', 'p').catch((x: unknown) => x);
        expect(e).toBeInstanceOf(ServiceError);
        expect((e as ServiceError).errorcode).toBe('kafbadcredentials');
    });
});

describe('journal', () => {
    it('records running and done with timings, and keeps going when a write fails', async() => {
        const runStep = vi.fn().mockRejectedValueOnce(new Error('down')).mockResolvedValue({ok: true});
        let t = 100;
        const updates: string[] = [];
        const j = new Journal({runStep} as never, (u) => updates.push(`${u.step}:${u.state.status}`), () => (t += 5));
        j.runid = 7;
        expect(await j.step('backup', async() => ({result: 42, detail: {x: 1}}))).toBe(42);
        expect(updates).toEqual(['backup:running', 'backup:done']);
        await j.flush();
        expect(runStep.mock.calls[1]?.slice(0, 5)).toEqual([7, 'backup', 'done', 105, 5]);
        expect(j.warnings.map((w) => w.key)).toEqual(['engine_journalwritefailed']);
        await expect(j.step('kaf', async() => {
            throw new Error('boom');
        })).rejects.toThrow('boom');
        expect(j.states.get('kaf')?.status).toBe('failed');
    });

    it('does not hold the run up for its writes, and flush waits for all of them, in order', async() => {
        const sent: string[] = [];
        let release: () => void = () => undefined;
        const gate = new Promise<void>((resolve) => {
            release = resolve;
        });
        const runStep = vi.fn(async(_id: number, step: string, status: string) => {
            await gate;
            sent.push(`${step}:${status}`);
            return {ok: true};
        });
        const j = new Journal({runStep} as never);
        j.runid = 3;
        // The server does not answer yet, and the steps finish all the same.
        await j.step('snapshot', async() => ({result: null, detail: {}}));
        await j.step('backup', async() => ({result: null, detail: {}}));
        expect(sent).toEqual([]);
        let flushed = false;
        const flushing = j.flush().then(() => {
            flushed = true;
            return flushed;
        });
        await Promise.resolve();
        expect(flushed).toBe(false);
        release();
        await flushing;
        expect(sent).toEqual(['snapshot:running', 'snapshot:done', 'backup:running', 'backup:done']);
    });
});
