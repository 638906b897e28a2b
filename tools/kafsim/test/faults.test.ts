import {describe, expect, it} from 'vitest';
import {startKafSim} from '../server.js';
import {Client, configForm, formData, loggedInSim, setFaults, simState, text} from './helpers.js';

describe('fault injection', () => {
    const t = loggedInSim();

    it('validates fault JSON', async() => {
        expect((await setFaults(t.sim.url, {kind: 'nope'})).error).toContain('unknown fault kind');
        expect((await setFaults(t.sim.url, {kind: 'status'})).error).toContain('status');
        expect((await setFaults(t.sim.url, {kind: 'latency', ms: 5, afterApply: true})).error).toContain('afterApply');
        expect((await setFaults(t.sim.url, {kind: 'reset', pathRegex: '('})).error).toContain('bad pathRegex');
    });

    it('adds latency to matching requests only', async() => {
        await setFaults(t.sim.url, {kind: 'latency', ms: 300, path: '/version', count: 'always'});
        await fetch(t.sim.url + '/version');
        await t.c.get('/admin/config');
        await fetch(t.sim.url + '/version');
        const s = await simState(t.sim.url);
        expect(s.log.filter((e) => e.fault === 'latency').map((e) => e.path)).toEqual(['/version', '/version']);
        expect(s.log.find((e) => e.path === '/admin/config')?.fault).toBeUndefined();
        expect(s.faults[0]).toMatchObject({fired: 2});
    });

    it('answers 500/502/503 on the Nth matching request, count times, and a faulted POST changes nothing', async() => {
        await setFaults(t.sim.url, {faults: [{kind: 'status', status: 503, pathPrefix: '/admin/config/tab/', nth: 2, count: 2}]});
        expect((await t.c.get('/admin/config/tab/hosted')).status).toBe(200);
        expect((await t.c.get('/admin/config/tab/hosted')).status).toBe(503);
        const r = await t.c.post('/admin/config/tab/ltigrading', {enabled: '0'});
        expect(r.status).toBe(503);
        expect(t.sim.values('ltigrading').enabled).toBe('1');
        expect((await t.c.get('/admin/config/tab/hosted')).status).toBe(200);
        const s = await simState(t.sim.url);
        expect(s.faults[0]).toMatchObject({fired: 2, remaining: 0});
        expect(s.log.filter((e) => e.fault === 'status').map((e) => e.status)).toEqual([503, 503]);
        for (const st of [500, 502]) {
            await setFaults(t.sim.url, {kind: 'status', status: st, path: '/version'});
            expect((await fetch(t.sim.url + '/version')).status).toBe(st);
        }
    });

    it('applies then fails with afterApply (save applied, response 502)', async() => {
        await setFaults(t.sim.url, {kind: 'status', status: 502, method: 'POST', path: '/admin/config/tab/hosted',
            afterApply: true});
        const f = configForm((await t.c.get('/admin/config/tab/hosted')).body);
        const data = formData(f).map(([n, v]): [string, string] => [n, n === 'lti13ClientId' ? 'applied' : v]);
        expect((await t.c.post(f.action, data)).status).toBe(502);
        expect(t.sim.values('hosted').lti13ClientId).toBe('applied');
    });

    it('answers 429 with Retry-After', async() => {
        await setFaults(t.sim.url, {kind: 'rate-limit', retryAfter: 7, path: '/admin/config'});
        const r = await t.c.get('/admin/config');
        expect(r.status).toBe(429);
        expect(r.headers.get('retry-after')).toBe('7');
        expect((await t.c.get('/admin/config')).status).toBe(200);
    });

    it('resets the connection (before and after apply)', async() => {
        await setFaults(t.sim.url, {kind: 'reset', path: '/admin/config/tab/ltigrading', method: 'POST'});
        await expect(t.c.post('/admin/config/tab/ltigrading', {enabled: '0'})).rejects.toThrow();
        expect(t.sim.values('ltigrading').enabled).toBe('1');
        await setFaults(t.sim.url, {kind: 'reset', path: '/admin/config/tab/ltigrading', method: 'POST', afterApply: true});
        await expect(t.c.post('/admin/config/tab/ltigrading', {enabled: '0'})).rejects.toThrow();
        expect(t.sim.values('ltigrading').enabled).toBe('0');
        expect((await simState(t.sim.url)).log.filter((e) => e.status === 0)).toHaveLength(2);
    });

    it('holds a request without answering until the client gives up', async() => {
        await setFaults(t.sim.url, {kind: 'hang', path: '/version'});
        await expect(fetch(t.sim.url + '/version', {signal: AbortSignal.timeout(400)})).rejects.toThrow(/abort|timeout/i);
        expect((await fetch(t.sim.url + '/version')).status).toBe(200);
        const entry = (await simState(t.sim.url)).log.find((e) => e.fault === 'hang');
        expect(entry?.status).toBeNull();
    });

    it('a held request ends when the server closes', async() => {
        const s2 = await startKafSim({port: 0});
        await setFaults(s2.url, {kind: 'hang', path: '/version'});
        const p = fetch(s2.url + '/version');
        await new Promise((resolve) => setTimeout(resolve, 100));
        await s2.close();
        await expect(p).rejects.toThrow();
    });

    it('expires the session after N requests', async() => {
        await setFaults(t.sim.url, {kind: 'session-expire', afterRequests: 2});
        expect((await t.c.get('/admin/config')).body).toContain('logout-button');
        expect((await t.c.get('/admin/config')).body).toContain('logout-button');
        const r = await t.c.post('/admin/config/tab/ltigrading', {enabled: '0'});
        expect(r.status).toBe(200);
        expect(r.body).toContain('action="/admin/authenticate"');
        expect(t.sim.values('ltigrading').enabled).toBe('1');
    });

    it('refuses correct credentials (login-refused)', async() => {
        await setFaults(t.sim.url, {kind: 'login-refused', count: 2});
        const c2 = new Client(t.sim.url);
        expect(text((await c2.login()).body)).toContain('Invalid username or password.');
        expect((await c2.login()).status).toBe(200);
        expect((await c2.login()).status).toBe(302);
    });

    it('renders a form with a field missing, an extra field, or a relabelled Save', async() => {
        await setFaults(t.sim.url, [{kind: 'form-missing-field', field: 'lti13ClientId', module: 'hosted'},
            {kind: 'form-extra-field', field: 'surpriseSetting', value: 'x', module: 'hosted'},
            {kind: 'form-save-label', label: 'Apply changes', module: 'hosted'}]);
        expect((await t.c.get('/admin/config/tab/ltigrading')).body).toContain('value="Save"'); // Other module: not consumed.
        const r = await t.c.get('/admin/config/tab/hosted');
        const f = configForm(r.body);
        expect(f.fields.some((x) => x.name === 'lti13ClientId')).toBe(false);
        expect(f.fields.find((x) => x.name === 'surpriseSetting')?.value).toBe('x');
        expect(r.body).toContain('<input type="submit" class="save" name="save" id="save" value="Apply changes">');
        const next = await t.c.get('/admin/config/tab/hosted');
        expect(configForm(next.body).fields.some((x) => x.name === 'lti13ClientId')).toBe(true);
        expect(next.body).toContain('value="Save"');
        expect(next.body).not.toContain('surpriseSetting');
    });

    it('defaults form-missing-field to authMethod', async() => {
        await setFaults(t.sim.url, {kind: 'form-missing-field'});
        expect((await t.c.get('/admin/config/tab/hosted')).body).not.toContain('name="authMethod"');
    });

    it('makes a backup report failure, leaving the slot as it was', async() => {
        await setFaults(t.sim.url, {kind: 'backup-fail'});
        const r = await t.c.post('/admin/config/backup/save', {});
        expect(text(r.body)).toContain('Configuration file could not be saved.');
        expect((await simState(t.sim.url)).backup).toBeNull();
        const ok = await t.c.post('/admin/config/backup/save', {});
        expect(text(ok.body)).toContain('Configuration file was saved successfully.');
    });

    it('matches paths by regex, keeps firing with count "always", and clears', async() => {
        await setFaults(t.sim.url, {kind: 'status', status: 500, pathRegex: '^/hosted/.*key-set', count: 'always', id: 'ks'});
        expect((await fetch(t.sim.url + '/hosted/index/lti-advantage-key-set')).status).toBe(500);
        expect((await fetch(t.sim.url + '/hosted/index/lti-advantage-key-set')).status).toBe(500);
        expect((await fetch(t.sim.url + '/version')).status).toBe(200);
        const cleared = await setFaults(t.sim.url, {clear: ['ks']});
        expect(cleared.faults).toEqual([]);
        expect((await fetch(t.sim.url + '/hosted/index/lti-advantage-key-set')).status).toBe(200);
        await setFaults(t.sim.url, {kind: 'status', status: 500, path: '/version', count: 'always'});
        await fetch(t.sim.url + '/__sim/faults', {method: 'DELETE'});
        expect((await fetch(t.sim.url + '/version')).status).toBe(200);
        await setFaults(t.sim.url, {kind: 'status', status: 500, path: '/version', count: 'always'});
        await setFaults(t.sim.url, {clear: true});
        expect((await fetch(t.sim.url + '/version')).status).toBe(200);
    });
});
