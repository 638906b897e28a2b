import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {TRICKY_MULTILINE, TRICKY_TEXT} from '../modules.js';
import {startKafSim, type KafSim} from '../server.js';
import {Client, configForm, formData, loggedInSim, simState, text} from './helpers.js';

const HOSTED_13 = ['lti13PlatformOidcAuthUrl', 'lti13AuthTokenUrl', 'lti13KeysUrl', 'lti13ClientId', 'lti13ServicePrivateKey',
    'lti13ServicePublicKey', 'lti13UserIdClaim', 'lti13UserIdClaimProperty'];
const CHANGES13 = {
    authMethod: 'lti1.3',
    lti13PlatformOidcAuthUrl: 'https://moodle.example/local/kaltura/auth.php',
    lti13AuthTokenUrl: 'https://moodle.example/mod/lti/token.php',
    lti13KeysUrl: 'https://moodle.example/mod/lti/certs.php',
    lti13ClientId: 'AbCdEfGhIjKlMnO',
};

describe('module forms (hidden 1.3 fields, no csrf)', () => {
    const t = loggedInSim();

    it('renders real forms for hosted, ltigrading, application, auth, moodle, hostedrelated', async() => {
        for (const m of ['hosted', 'ltigrading', 'application', 'auth', 'moodle', 'hostedrelated']) {
            const r = await t.c.get(`/admin/config/tab/${m}`);
            const f = configForm(r.body);
            expect(f.method).toBe('post');
            expect(f.action).toBe(`/admin/config/tab/${m}`);
            expect(r.body).toContain('<input type="submit" class="save" name="save" id="save" value="Save">');
            expect(f.fields.filter((x) => x.type !== 'submit').length).toBeGreaterThan(1);
        }
        const lg = configForm((await t.c.get('/admin/config/tab/ltigrading')).body);
        const en = lg.fields.find((f) => f.name === 'enabled');
        expect(en?.options.map((o) => [o.value, o.label])).toEqual([['1', 'Yes'], ['0', 'No']]);
        expect(en?.value).toBe('1');
    });

    it('has every Hosted field with the default LTI 1.1 state', async() => {
        const r = await t.c.get('/admin/config/tab/hosted');
        const f = configForm(r.body);
        const by = (n: string): (typeof f.fields)[number] | undefined => f.fields.find((x) => x.name === n);
        expect(by('authMethod')?.options.map((o) => [o.value, o.label])).toEqual([['lti', 'lti'], ['lti1.3', 'lti 1.3'],
            ['ks', 'ks']]);
        expect(by('authMethod')?.value).toBe('lti');
        for (const n of ['lti13PlatformOidcAuthUrl', 'lti13AuthTokenUrl', 'lti13KeysUrl', 'lti13ClientId',
            'lti13UserIdClaimProperty', 'sharedRepositoryCategoryId', 'ltiUserIdAttribute', 'carousel[playlistId]']) {
            expect(by(n)?.type, n).toBe('text');
        }
        expect(by('lti13ServicePrivateKey')?.tag).toBe('textarea');
        expect(by('lti13ServicePublicKey')?.tag).toBe('textarea');
        expect(by('lti13UserIdClaim')?.tag).toBe('select');
        expect(by('lti13UserIdClaim')?.options[0]?.value).toBe('sub');
        for (const n of HOSTED_13) {
            expect(by(n)?.tag === 'select' ? '' : by(n)?.value, n).toBe('');
        }
        for (const n of ['enabled', 'enableLike', 'allowEditPublished', 'allowDeletePublished', 'AllowUnpublishPublished',
            'enableEntryDelete', 'enableViews', 'showPageTitles', 'manPublish']) {
            expect(by(n)?.options.map((o) => o.label), n).toEqual(['Yes', 'No']);
        }
        expect(by('expandButton')?.options.map((o) => o.label)).toEqual(['Auto', 'Yes', 'No']);
        expect(by('sharedRepositoryCategoryId')?.value).toBe('235289443');
        expect(by('carousel[type]')?.tag).toBe('select');
        expect(by('x[y]')?.type).toBe('hidden');
        expect(f.fields.filter((x) => x.type === 'hidden').length).toBeGreaterThanOrEqual(2);
        expect(by('showEmbedCode')?.type).toBe('checkbox');
        expect(by('welcomeMessage')?.value).toBe(TRICKY_TEXT);
        expect(by('footerText')?.value).toBe(TRICKY_MULTILINE);
        expect(r.body).toContain('Tom &amp; Jerry&#039;s &lt;b&gt;&quot;Café&quot;');
    });

    it('hides the 1.3 fields in a display:none container until authMethod is lti1.3', async() => {
        const before = (await t.c.get('/admin/config/tab/hosted')).body;
        const group = /<div id="lti13-fields"[^>]*>([\s\S]*?)<\/div>/.exec(before);
        expect(group?.[0]).toContain('style="display:none"');
        for (const n of HOSTED_13) {
            expect(group?.[1], n).toContain(`name="${n}"`);
        }
        expect(group?.[1]).not.toContain('name="ltiUserIdAttribute"');
        await t.c.saveModule('hosted', {authMethod: 'lti1.3'});
        const after = (await t.c.get('/admin/config/tab/hosted')).body;
        expect(/<div id="lti13-fields"[^>]*>/.exec(after)?.[0]).not.toContain('display:none');
    });

    it('saves a whole-form post: one save sets 1.3, every other value byte-identical', async() => {
        const before = t.sim.values('hosted');
        const r = await t.c.saveModule('hosted', CHANGES13);
        expect(r.status).toBe(200);
        expect(text(r.body)).toContain('The cache was cleared.');
        const after = t.sim.values('hosted');
        expect(after).toEqual({...before, ...CHANGES13});
        expect(after.welcomeMessage).toBe(TRICKY_TEXT);
        expect(after.footerText).toBe(TRICKY_MULTILINE);
        expect(after['x[y]']).toBe('nested & hidden');
        expect(after.showEmbedCode).toBe('1');
        // Posting the returned page's form again changes nothing.
        const again = await t.c.post('/admin/config/tab/hosted', formData(configForm(r.body)));
        expect(again.status).toBe(200);
        expect(t.sim.values('hosted')).toEqual(after);
    });

    it('round-trips every module unchanged', async() => {
        const before = (await simState(t.sim.url)).modules;
        for (const m of Object.keys(before)) {
            expect((await t.c.saveModule(m)).status).toBe(200);
        }
        expect((await simState(t.sim.url)).modules).toEqual(before);
    });

    it('resets fields missing from a partial post (visible data loss) and ignores unknown names', async() => {
        const r = await t.c.post('/admin/config/tab/hosted', {authMethod: 'lti1.3', lti13ClientId: 'abc', bogusField: 'x',
            save: 'Save'});
        expect(r.status).toBe(200);
        const v = t.sim.values('hosted');
        expect(v.authMethod).toBe('lti1.3');
        expect(v.lti13ClientId).toBe('abc');
        expect(v.sharedRepositoryCategoryId).toBe('');
        expect(v.welcomeMessage).toBe('');
        expect(v.footerText).toBe('');
        expect(v['x[y]']).toBe('');
        expect(v.showEmbedCode).toBe('0');
        expect(v.enabled).toBe('1'); // First option.
        expect(v.allowEditPublished).toBe('1'); // Was 'No', reset to the first option 'Yes'.
        expect(v.expandButton).toBe('auto');
        expect('bogusField' in v).toBe(false);
        expect('save' in v).toBe(false);
    });

    it('unchecks a checkbox left out of the post, like a browser', async() => {
        const form = configForm((await t.c.get('/admin/config/tab/hosted')).body);
        const data = formData(form).filter(([n]) => n !== 'showEmbedCode');
        await t.c.post(form.action, data);
        expect(t.sim.values('hosted').showEmbedCode).toBe('0');
        expect(configForm((await t.c.get('/admin/config/tab/hosted')).body).fields.find((f) => f.name === 'showEmbedCode')
            ?.checked).toBe(false);
    });

    it('rejects a select value that is not an option, saving nothing', async() => {
        const before = t.sim.values('hosted');
        const r = await t.c.saveModule('hosted', {authMethod: 'LTI 1.3', lti13ClientId: 'zzz'});
        expect(r.status).toBe(200);
        expect(text(r.body)).toContain('\'LTI 1.3\' was not found in the haystack');
        expect(text(r.body)).not.toContain('The cache was cleared.');
        expect(t.sim.values('hosted')).toEqual(before);
    });

    it('stores multi-line values as posted: CRLF survives, an LF-only post (DOM-read, not re-normalized) changes them', async() => {
        expect(t.sim.values('hosted').footerText).toContain('\r\n');
        const form = configForm((await t.c.get('/admin/config/tab/hosted')).body);
        // What a DOM parser hands a client: CRLF in the HTML source becomes LF.
        const domRead = formData(form).map(([k, v]): [string, string] => [k, v.replace(/\r\n/g, '\n')]);
        await t.c.post(form.action, domRead);
        expect(t.sim.values('hosted').footerText).toBe(TRICKY_MULTILINE.replace(/\r\n/g, '\n'));
        // Re-normalized the way browsers submit forms (LF -> CRLF): byte-identical again.
        await t.c.post(form.action, domRead.map(([k, v]): [string, string] => [k, v.replace(/\r?\n/g, '\r\n')]));
        expect(t.sim.values('hosted').footerText).toBe(TRICKY_MULTILINE);
    });

    it('accepts multipart/form-data posts too (FormData also normalizes line ends to CRLF)', async() => {
        const before = t.sim.values('hosted');
        const form = configForm((await t.c.get('/admin/config/tab/hosted')).body);
        const fd = new FormData();
        for (const [k, v] of formData(form)) {
            fd.append(k, k === 'lti13ClientId' ? 'multi' : v.replace(/\r\n/g, '\n'));
        }
        const r = await fetch(t.sim.url + form.action, {method: 'POST', body: fd,
            headers: {cookie: `PHPSESSID=${t.c.cookies.get('PHPSESSID')}`}});
        expect(r.status).toBe(200);
        expect(t.sim.values('hosted')).toEqual({...before, lti13ClientId: 'multi'});
    });
});

describe('module forms: 1.3 fields only after authMethod=lti1.3 is saved', () => {
    let sim: KafSim;
    beforeAll(async() => {
        sim = await startKafSim({port: 0, lti13Fields: 'after-save'});
    });
    afterAll(() => sim.close());

    it('needs two saves: the first switches authMethod (1.3 values ignored), the second sets the fields', async() => {
        const c = new Client(sim.url);
        await c.login();
        const first = await c.get('/admin/config/tab/hosted');
        for (const n of HOSTED_13) {
            expect(first.body, n).not.toContain(`name="${n}"`);
        }
        await c.saveModule('hosted', CHANGES13);
        expect(sim.values('hosted').authMethod).toBe('lti1.3');
        expect(sim.values('hosted').lti13ClientId).toBe('');
        expect(sim.values('hosted').lti13PlatformOidcAuthUrl).toBe('');
        const second = await c.get('/admin/config/tab/hosted');
        for (const n of HOSTED_13) {
            expect(second.body, n).toContain(`name="${n}"`);
        }
        expect(second.body).not.toContain('display:none');
        await c.saveModule('hosted', CHANGES13);
        expect(sim.values('hosted')).toMatchObject(CHANGES13);
        expect(sim.values('hosted').welcomeMessage).toBe(TRICKY_TEXT);
    });
});

describe('module forms with --csrf', () => {
    let sim: KafSim;
    let simRender: KafSim;
    beforeAll(async() => {
        sim = await startKafSim({port: 0, csrf: true});
        simRender = await startKafSim({port: 0, csrf: 'render'});
    });
    afterAll(async() => {
        await sim.close();
        await simRender.close();
    });

    it('puts a hidden token in every form; echoing it saves', async() => {
        const c = new Client(sim.url);
        await c.login();
        const f = configForm((await c.get('/admin/config/tab/hosted')).body);
        const token = f.fields.find((x) => x.name === 'csrf_token');
        expect(token?.type).toBe('hidden');
        expect(token?.value).toMatch(/^[0-9a-f]{32}$/);
        expect((await c.saveModule('hosted', {lti13ClientId: 'withtoken'})).status).toBe(200);
        expect(sim.values('hosted').lti13ClientId).toBe('withtoken');
        expect('csrf_token' in sim.values('hosted')).toBe(false);
        expect((await c.get('/admin/config/backup')).body).toContain('name="csrf_token"');
    });

    it('refuses a missing or wrong token with 403 and saves nothing', async() => {
        const c = new Client(sim.url);
        await c.login();
        const before = sim.values('hosted');
        const f = configForm((await c.get('/admin/config/tab/hosted')).body);
        const without = formData(f).filter(([n]) => n !== 'csrf_token').map(([n, v]): [string, string] =>
            [n, n === 'lti13ClientId' ? 'nope' : v]);
        const r1 = await c.post(f.action, without);
        expect(r1.status).toBe(403);
        expect(text(r1.body)).toContain('security token (csrf_token) is missing or invalid. Nothing was saved.');
        const r2 = await c.post(f.action, [...without, ['csrf_token', 'deadbeef']]);
        expect(r2.status).toBe(403);
        expect(sim.values('hosted')).toEqual(before);
        const r3 = await c.post('/admin/config/backup/save', {});
        expect(r3.status).toBe(403);
        expect((await simState(sim.url)).backup).toBeNull();
    });

    it('in per-render mode, each token works once', async() => {
        const c = new Client(simRender.url);
        await c.login();
        const f = configForm((await c.get('/admin/config/tab/ltigrading')).body);
        const data = formData(f).map(([n, v]): [string, string] => [n, n === 'maxGrade' ? '50' : v]);
        expect((await c.post(f.action, data)).status).toBe(200);
        expect(simRender.values('ltigrading').maxGrade).toBe('50');
        const reused = data.map(([n, v]): [string, string] => [n, n === 'maxGrade' ? '60' : v]);
        expect((await c.post(f.action, reused)).status).toBe(403);
        expect(simRender.values('ltigrading').maxGrade).toBe('50');
    });
});
