import {afterAll, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {startKafSim, type KafSim} from '../server.js';
import {Client, configForm, parseForms, simState, text} from './helpers.js';

describe('login, session and navigation', () => {
    let sim: KafSim;
    beforeAll(async() => {
        sim = await startKafSim({port: 0, sessionTtl: 1});
    });
    afterAll(() => sim.close());
    beforeEach(() => sim.reset());

    it('answers GET /version with 200 and a version string naming the partner', async() => {
        const r = await fetch(sim.url + '/version');
        expect(r.status).toBe(200);
        const body = await r.text();
        expect(body).toMatch(/^\d+\.\d+\.\d+/);
        expect(body).toContain('12345');
    });

    it('shows the login form (200) for /admin and any /admin/... page without a session', async() => {
        const c = new Client(sim.url);
        for (const p of ['/admin', '/admin/config', '/admin/config/tab/hosted', '/admin/config/backup', '/admin/whatever']) {
            const r = await c.get(p);
            expect(r.status).toBe(200);
            const login = parseForms(r.body).find((f) => f.action === '/admin/authenticate');
            expect(login?.method).toBe('post');
            const names = login?.fields.map((f) => f.name);
            expect(names).toEqual(expect.arrayContaining(['Login[username]', 'Login[password]', 'referrer', 'Login[login]']));
            expect(login?.fields.find((f) => f.name === 'referrer')?.value).toBe(p);
            expect(login?.fields.find((f) => f.name === 'Login[login]')?.type).toBe('submit');
            expect(r.body).not.toContain('logout-button');
        }
    });

    it('rejects wrong credentials with the login page and an error, and no cookie', async() => {
        const c = new Client(sim.url);
        const r = await c.login('admin@example.com', 'wrong');
        expect(r.status).toBe(200);
        expect(text(r.body)).toContain('Invalid username or password.');
        expect(parseForms(r.body)[0]?.action).toBe('/admin/authenticate');
        expect(c.cookies.size).toBe(0);
        expect((await c.login('someone@else', 'kafsim-admin')).status).toBe(200);
    });

    it('logs in: HttpOnly random session cookie, Path=/, 302 to the referrer', async() => {
        const c = new Client(sim.url);
        const r = await c.login(undefined, undefined, '/admin/config/tab/ltigrading');
        expect(r.status).toBe(302);
        expect(r.location).toBe('/admin/config/tab/ltigrading');
        const sc = c.lastSetCookie[0] ?? '';
        expect(sc).toMatch(/^PHPSESSID=[0-9a-f]{48}; /);
        expect(sc).toContain('HttpOnly');
        expect(sc).toContain('Path=/');
        expect(sc).not.toContain('Secure');
        const c2 = new Client(sim.url);
        await c2.login();
        expect(c2.cookies.get('PHPSESSID')).not.toBe(c.cookies.get('PHPSESSID'));
        const page = await c.get('/admin/config/tab/ltigrading');
        expect(page.body).toContain('id="logout-button"');
    });

    it('redirects to /admin/config by default and refuses off-site referrers', async() => {
        for (const ref of ['', '//evil.example/x', 'https://evil.example/', '/admin/logout']) {
            const c = new Client(sim.url);
            const r = await c.login(undefined, undefined, ref);
            expect(r.status).toBe(302);
            expect(r.location).toBe('/admin/config');
        }
    });

    it('logs out with GET /admin/logout', async() => {
        const c = new Client(sim.url);
        await c.login();
        const page = await c.get('/admin/config');
        expect(page.body).toMatch(/<a id="logout-button"[^>]*href="\/admin\/logout"/);
        const r = await c.get('/admin/logout');
        expect(r.status).toBe(302);
        expect((await c.get('/admin/config')).body).toContain('action="/admin/authenticate"');
        expect((await simState(sim.url)).sessions).toBe(0);
    });

    it('expires sessions: an expired session gets the login page (200), and a POST applies nothing', async() => {
        const c = new Client(sim.url);
        await c.login();
        const form = configForm((await c.get('/admin/config/tab/ltigrading')).body);
        await new Promise((resolve) => setTimeout(resolve, 1200));
        const r = await c.post(form.action, [['enabled', '0'], ['gradeSync', 'manual'], ['maxGrade', '7'],
            ['sendPartialGrades', '1']]);
        expect(r.status).toBe(200);
        expect(r.body).toContain('action="/admin/authenticate"');
        expect(sim.values('ltigrading').enabled).toBe('1');
        expect(sim.values('ltigrading').maxGrade).toBe('100');
        expect((await c.get('/admin/config')).body).toContain('action="/admin/authenticate"');
    });

    it('keeps a session alive while it is used (sliding expiry)', async() => {
        const c = new Client(sim.url);
        await c.login();
        for (let i = 0; i < 3; i++) {
            await new Promise((resolve) => setTimeout(resolve, 500));
            expect((await c.get('/admin/config')).body).toContain('logout-button');
        }
    });

    it('redirects /admin to /admin/config, which has the navigation', async() => {
        const c = new Client(sim.url);
        await c.login();
        const r = await c.get('/admin');
        expect(r.status).toBe(302);
        expect(r.location).toBe('/admin/config');
        const nav = (await c.get('/admin/config')).body;
        expect(nav).toContain('Server Tools');
        expect(nav).toMatch(/<a href="\/admin\/config\/backup">Backup Configuration<\/a>/);
        expect(nav).toContain('>Player replacement tool</a>');
        for (const m of ['Global', 'Application', 'Auth', 'Hosted', 'Hostedrelated', 'Ltigrading', 'Moodle']) {
            expect(nav).toContain(`<a href="/admin/config/tab/${m.toLowerCase()}">${m}</a>`);
        }
        const links = [...nav.matchAll(/href="(\/admin\/config\/tab\/[^"]+)"/g)].map((m) => m[1] ?? '');
        for (const l of links) {
            const p = await c.get(l);
            expect(p.status, l).toBe(200);
            expect(configForm(p.body).action, l).toBe(l);
            expect(p.body, l).toContain('Backup Configuration');
        }
    });

    it('answers 404 for an unknown module', async() => {
        const c = new Client(sim.url);
        await c.login();
        expect((await c.get('/admin/config/tab/nosuchmodule')).status).toBe(404);
    });
});
