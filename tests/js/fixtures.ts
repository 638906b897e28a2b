// Shared fixtures for the engine's unit tests.

import type {State} from '../../amd/src/services';
import type {Plan} from '../../amd/src/local/model';

/**
 * A Moodle state on LTI 1.1.
 *
 * @param over overrides of settings
 * @returns the state
 */
export function state(over: Partial<State['settings']> = {}): State {
    return {
        moodle: {release: '4.3.2', version: '2023100902', branch: '403', wwwroot: 'https://moodle.example', https: true,
            requires: '2023042400', supportedfrom: 402, supportedto: 501, ltix: false, insecurekaf: false},
        kaltura: {installed: true, release: '4.4.2', version: '2024051000', hasauth: true},
        settings: {kaf_uri: 'https://12345.kaf.kaltura.com', uri: 'www.kaltura.com', lti_version: 'LTI-1p0', partner_id: '12345',
            client_id: 'AbCdEfGhIjKlMnO', enable_logging: '0', enable_submission: '0', guest_support: null, adminsecretset: true,
            ...over},
        urls: {auth: 'https://moodle.example/local/kaltura/auth.php', token: 'https://moodle.example/mod/lti/token.php',
            certs: 'https://moodle.example/mod/lti/certs.php'},
        lti: {sitekey: true, kid: true, tooltypes: [], clientidtype: 0, coursetools: []},
        run: null,
        beforeupgrade: {enable_logging: ''},
    };
}

/**
 * A Hosted page.
 *
 * @param opts authMethod and whether the 1.3 fields are present
 * @returns HTML
 */
export function hostedHtml(opts: {auth?: string; lti13?: boolean; values?: Record<string, string>;
        userId?: {attribute: string; claim: string; property?: string; options?: string[]}} = {}): string {
    const v = opts.values ?? {};
    const u = opts.userId;
    const claims = u?.options ?? ['sub', 'email', 'https://purl.imsglobal.org/spec/lti/claim/ext'];
    const userId = !u ? '' : `<input type="text" name="ltiUserIdAttribute" value="${u.attribute}">`
        + (opts.lti13 === false ? '' : `<select name="lti13UserIdClaim">${claims.map((c) =>
            `<option value="${c}"${c === u.claim ? ' selected' : ''}>${c}</option>`).join('')}</select>`
        + `<input type="text" name="lti13UserIdClaimProperty" value="${u.property ?? ''}">`);
    const auth = opts.auth ?? 'lti';
    const sel = (x: string): string => (x === auth ? ' selected="selected"' : '');
    const lti13 = opts.lti13 === false ? '' : ['lti13PlatformOidcAuthUrl', 'lti13AuthTokenUrl', 'lti13KeysUrl', 'lti13ClientId']
        .map((n) => `<input type="text" name="${n}" value="${v[n] ?? ''}">`).join('')
        + `<textarea name="lti13ServicePrivateKey">${v.lti13ServicePrivateKey ?? ''}</textarea>`
        + `<textarea name="lti13ServicePublicKey">${v.lti13ServicePublicKey ?? ''}</textarea>`;
    return `<html><body><a id="logout-button" href="/admin/logout">Logout</a>
<form id="config-form" method="post" action="/admin/config/tab/hosted">
<select name="enabled"><option value="1" selected>Yes</option><option value="0">No</option></select>
<select name="authMethod"><option value="lti"${sel('lti')}>lti</option><option value="lti1.3"${sel('lti1.3')}>lti 1.3</option>
<option value="ks"${sel('ks')}>ks</option></select>
<div style="display:none">${lti13}</div>${userId}
<textarea name="footerText">Line 1
Line 2 &amp; more</textarea>
<input type="checkbox" name="showEmbedCode" value="1" checked>
<input type="checkbox" name="off" value="1">
<input type="hidden" name="x[y]" value="nested &amp; hidden">
<input type="hidden" name="csrf_token" value="tok">
<input type="text" name="gone" value="z" disabled>
<input type="submit" class="save" name="save" value="Save">
</form></body></html>`;
}

/**
 * An upgrade plan of three lines (KAF's auth method, a new key pair, Moodle's LTI version), and any more given.
 *
 * @param more lines after those
 * @returns the plan
 */
export function samplePlan(more: Plan['changes'] = []): Plan {
    return {
        kind: 'upgrade',
        changes: [
            {where: 'kaf', field: 'authMethod', before: 'lti', after: {kind: 'value', value: 'lti1.3'},
                beforeDisplay: 'lti', afterDisplay: 'lti1.3'},
            {where: 'kaf', field: 'lti13ServicePrivateKey', before: '', after: {kind: 'newprivatekey'},
                beforeDisplay: '', afterDisplay: ''},
            {where: 'moodle', field: 'lti_version', before: 'LTI-1p0', after: {kind: 'value', value: '1.3.0'},
                beforeDisplay: 'LTI-1p0', afterDisplay: '1.3.0'},
            ...more,
        ],
        authMethod: {lti11: 'lti', lti13: 'lti1.3'},
        layout: 'present',
        keys: 'new',
        kafUri: 'https://12345.kaf.kaltura.com',
        clientId: 'abc',
        wwwroot: 'https://moodle.example.edu',
    };
}
