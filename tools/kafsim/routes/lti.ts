// The Hosted module's LTI 1.3 endpoints under /hosted/index/: the tool key set, OIDC login initiation and the
// launch target.

import {createHash, createPublicKey, randomBytes} from 'node:crypto';
import {errorPage, html, redirect, type Ctx, type Resp} from '../http.js';
import type {SimState} from '../state.js';

/**
 * The tool JWKS built from a PEM public key; no key when missing or not a valid RSA public key.
 *
 * @param pem lti13ServicePublicKey
 * @returns JWKS
 */
export function jwksFromPem(pem: string): {keys: Record<string, string>[]} {
    if (!pem.trim() || /PRIVATE KEY/.test(pem)) {
        return {keys: []};
    }
    try {
        const key = createPublicKey(pem);
        if (key.asymmetricKeyType !== 'rsa') {
            return {keys: []};
        }
        const jwk = key.export({format: 'jwk'}) as {n?: string; e?: string};
        if (!jwk.n || !jwk.e) {
            return {keys: []};
        }
        // RFC 7638 thumbprint: SHA-256 of the required members in lexicographic order.
        const kid = createHash('sha256').update(JSON.stringify({e: jwk.e, kty: 'RSA', n: jwk.n})).digest('base64url');
        return {keys: [{kty: 'RSA', alg: 'RS256', use: 'sig', kid, n: jwk.n, e: jwk.e}]};
    } catch {
        return {keys: []};
    }
}

/**
 * LTI 1.3 login initiation.
 *
 * @param st simulator state
 * @param ctx request
 * @returns response
 */
function oidcInit(st: SimState, ctx: Ctx): Resp {
    const p = new Map<string, string>(ctx.query);
    for (const [k, v] of ctx.form) {
        p.set(k, v);
    }
    const h = st.values.hosted ?? {};
    if (h.authMethod !== 'lti1.3') {
        return errorPage(st, 400, `LTI 1.3 is not enabled: Hosted authMethod is "${h.authMethod ?? ''}", not "lti1.3".`);
    }
    const missing = ['iss', 'login_hint', 'target_link_uri', 'client_id'].filter((k) => !p.get(k));
    if (missing.length) {
        return errorPage(st, 400, `Missing required parameter(s): ${missing.join(', ')}.`);
    }
    if (p.get('client_id') !== h.lti13ClientId) {
        return errorPage(st, 400, `client_id mismatch: "${p.get('client_id') ?? ''}" does not match the Hosted lti13ClientId`
            + ` ("${h.lti13ClientId ?? ''}").`);
    }
    const target = h.lti13PlatformOidcAuthUrl ?? '';
    if (!/^https?:\/\//.test(target)) {
        return errorPage(st, 400, 'lti13PlatformOidcAuthUrl is not configured in the Hosted module.');
    }
    const base = st.config.publicUrl ?? `${st.config.scheme}://${ctx.req.headers.host ?? '127.0.0.1'}`;
    const q = new URLSearchParams();
    q.set('scope', 'openid');
    q.set('response_type', 'id_token');
    q.set('response_mode', 'form_post');
    q.set('prompt', 'none');
    q.set('client_id', p.get('client_id') ?? '');
    q.set('redirect_uri', base.replace(/\/+$/, '') + '/hosted/index/oauth2-launch');
    q.set('login_hint', p.get('login_hint') ?? '');
    q.set('lti_message_hint', p.get('lti_message_hint') ?? '');
    q.set('state', randomBytes(16).toString('hex'));
    q.set('nonce', randomBytes(16).toString('hex'));
    return redirect(target + (target.includes('?') ? '&' : '?') + q.toString());
}

/**
 * /hosted/index/lti-advantage-key-set, /hosted/index/oidc-init and /hosted/index/oauth2-launch (no login needed).
 *
 * @param st simulator state
 * @param ctx request
 * @returns response, or null when the path is not one of these
 */
export function ltiRoute(st: SimState, ctx: Ctx): Resp | null {
    if (ctx.path === '/hosted/index/lti-advantage-key-set') {
        return {status: 200, headers: {'Content-Type': 'application/json', 'Cache-Control': 'no-store'},
            body: JSON.stringify(jwksFromPem(st.values.hosted?.lti13ServicePublicKey ?? ''))};
    }
    if (ctx.path === '/hosted/index/oidc-init') {
        return oidcInit(st, ctx);
    }
    if (ctx.path === '/hosted/index/oauth2-launch') {
        return ctx.form.get('id_token')
            ? html(st, 200, 'Launch', '<h2>Launch received</h2>\n<p>The simulator does not verify launches.</p>', false)
            : errorPage(st, 400, 'Invalid LTI 1.3 launch: id_token is missing.');
    }
    return null;
}
