import {createPublicKey, generateKeyPairSync} from 'node:crypto';
import {afterAll, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {jwksFromPem, startKafSim, type KafSim} from '../server.js';
import {Client, text} from './helpers.js';

const pair = generateKeyPairSync('rsa', {modulusLength: 2048});
const PUB = pair.publicKey.export({format: 'pem', type: 'spki'}).toString();
const PRIV = pair.privateKey.export({format: 'pem', type: 'pkcs8'}).toString();

describe('tool JWKS', () => {
    let sim: KafSim;
    beforeAll(async() => {
        sim = await startKafSim({port: 0});
    });
    afterAll(() => sim.close());
    beforeEach(() => sim.reset());

    it('is empty when no key is saved', async() => {
        const r = await fetch(sim.url + '/hosted/index/lti-advantage-key-set');
        expect(r.status).toBe(200);
        expect(r.headers.get('content-type')).toContain('application/json');
        expect(await r.json()).toEqual({keys: []});
    });

    it('publishes the saved public key (saved through the form) with a stable RFC 7638 kid', async() => {
        const c = new Client(sim.url);
        await c.login();
        await c.saveModule('hosted', {authMethod: 'lti1.3', lti13ServicePrivateKey: PRIV, lti13ServicePublicKey: PUB});
        const j = (await (await fetch(sim.url + '/hosted/index/lti-advantage-key-set')).json()) as {keys: Record<string, string>[]};
        expect(j.keys).toHaveLength(1);
        const k = j.keys[0] ?? {};
        const ref = createPublicKey(PUB).export({format: 'jwk'});
        expect(k).toMatchObject({kty: 'RSA', alg: 'RS256', use: 'sig', n: ref.n, e: ref.e});
        expect(k.kid).toMatch(/^[A-Za-z0-9_-]{43}$/);
        // The key verifies: the JWK imports back to the same key.
        const back = createPublicKey({key: {kty: 'RSA', n: k.n, e: k.e}, format: 'jwk'});
        expect(back.export({format: 'pem', type: 'spki'})).toBe(PUB);
        const again = (await (await fetch(sim.url + '/hosted/index/lti-advantage-key-set')).json()) as typeof j;
        expect(again.keys[0]?.kid).toBe(k.kid);
    });

    it('accepts a PKCS#1 public key', () => {
        const pkcs1 = pair.publicKey.export({format: 'pem', type: 'pkcs1'}).toString();
        expect(jwksFromPem(pkcs1).keys[0]?.kid).toBe(jwksFromPem(PUB).keys[0]?.kid);
    });

    it('is empty for junk, a truncated key, a private key or a non-RSA key', async() => {
        const ec = generateKeyPairSync('ec', {namedCurve: 'P-256'}).publicKey.export({format: 'pem', type: 'spki'}).toString();
        for (const junk of ['not a key', PUB.slice(0, 120) + '\n-----END PUBLIC KEY-----\n', PRIV, ec, '   ']) {
            sim.setValues('hosted', {lti13ServicePublicKey: junk});
            const j = await (await fetch(sim.url + '/hosted/index/lti-advantage-key-set')).json();
            expect(j).toEqual({keys: []});
        }
    });
});

describe('OIDC login initiation', () => {
    let sim: KafSim;
    const good = {iss: 'https://moodle.example', login_hint: '2', target_link_uri: 'https://kaf.example/hosted',
        lti_message_hint: '{"launchid":"ltilaunch1_1"}', client_id: 'AbCdEfGhIjKlMnO'};
    beforeAll(async() => {
        sim = await startKafSim({port: 0});
    });
    afterAll(() => sim.close());
    beforeEach(() => {
        sim.reset();
        sim.setValues('hosted', {authMethod: 'lti1.3', lti13ClientId: 'AbCdEfGhIjKlMnO',
            lti13PlatformOidcAuthUrl: 'https://moodle.example/local/kaltura/auth.php'});
    });

    /**
     * Checks a 302 to the platform with every parameter.
     *
     * @param r response
     */
    function checkRedirect(r: Response): void {
        expect(r.status).toBe(302);
        const loc = new URL(r.headers.get('location') ?? '');
        expect(loc.origin + loc.pathname).toBe('https://moodle.example/local/kaltura/auth.php');
        const q = Object.fromEntries(loc.searchParams);
        expect(q).toMatchObject({scope: 'openid', response_type: 'id_token', response_mode: 'form_post', prompt: 'none',
            client_id: good.client_id, redirect_uri: sim.url + '/hosted/index/oauth2-launch', login_hint: '2',
            lti_message_hint: good.lti_message_hint});
        expect(q.state).toMatch(/^[0-9a-f]{32}$/);
        expect(q.nonce).toMatch(/^[0-9a-f]{32}$/);
    }

    it('redirects a GET to the platform auth URL with every parameter', async() => {
        checkRedirect(await fetch(sim.url + '/hosted/index/oidc-init?' + new URLSearchParams(good), {redirect: 'manual'}));
    });

    it('redirects a POST the same way', async() => {
        checkRedirect(await fetch(sim.url + '/hosted/index/oidc-init', {method: 'POST', body: new URLSearchParams(good),
            redirect: 'manual'}));
    });

    it('uses a fresh state and nonce each time', async() => {
        const a = await fetch(sim.url + '/hosted/index/oidc-init?' + new URLSearchParams(good), {redirect: 'manual'});
        const b = await fetch(sim.url + '/hosted/index/oidc-init?' + new URLSearchParams(good), {redirect: 'manual'});
        expect(new URL(a.headers.get('location') ?? '').searchParams.get('nonce'))
            .not.toBe(new URL(b.headers.get('location') ?? '').searchParams.get('nonce'));
    });

    it('refuses when Hosted is not on LTI 1.3', async() => {
        sim.setValues('hosted', {authMethod: 'lti'});
        const r = await fetch(sim.url + '/hosted/index/oidc-init?' + new URLSearchParams(good), {redirect: 'manual'});
        expect(r.status).toBe(400);
        expect(text(await r.text())).toContain('LTI 1.3 is not enabled');
    });

    it('refuses a client id mismatch', async() => {
        const r = await fetch(sim.url + '/hosted/index/oidc-init?' + new URLSearchParams({...good, client_id: 'other'}),
            {redirect: 'manual'});
        expect(r.status).toBe(400);
        expect(text(await r.text())).toContain('client_id mismatch');
    });

    it('refuses missing parameters, naming them', async() => {
        for (const k of ['iss', 'login_hint', 'target_link_uri', 'client_id']) {
            const p = new URLSearchParams(good);
            p.delete(k);
            const r = await fetch(sim.url + '/hosted/index/oidc-init?' + p, {redirect: 'manual'});
            expect(r.status, k).toBe(400);
            expect(text(await r.text()), k).toContain(`Missing required parameter(s): ${k}`);
        }
    });

    it('refuses when no platform auth URL is configured', async() => {
        sim.setValues('hosted', {lti13PlatformOidcAuthUrl: ''});
        const r = await fetch(sim.url + '/hosted/index/oidc-init?' + new URLSearchParams(good), {redirect: 'manual'});
        expect(r.status).toBe(400);
        expect(text(await r.text())).toContain('lti13PlatformOidcAuthUrl is not configured');
    });
});
