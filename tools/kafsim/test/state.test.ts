import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startKafSim, type KafSim} from '../server.js';
import {Client, setFaults, simState} from './helpers.js';

describe('state read-out and reset', () => {
    let sim: KafSim;
    beforeAll(async() => {
        sim = await startKafSim({port: 0, password: 'Sekr3t-pass!'});
    });
    afterAll(() => sim.close());

    it('reports modules, backup, faults and a request log without secrets', async() => {
        const c = new Client(sim.url);
        await c.login('admin@example.com', 'Sekr3t-pass!');
        await c.saveModule('hosted', {lti13ClientId: 'cid'});
        await c.post('/admin/config/backup/save', {});
        await setFaults(sim.url, {kind: 'latency', ms: 1, path: '/never'});
        const raw = await (await fetch(sim.url + '/__sim/state')).text();
        const s = JSON.parse(raw) as Awaited<ReturnType<typeof simState>>;
        expect(s.modules.hosted).toMatchObject({authMethod: 'lti', lti13ClientId: 'cid',
            sharedRepositoryCategoryId: '235289443'});
        expect(s.modules.ltigrading?.enabled).toBe('1');
        expect(s.backup?.modules.hosted?.lti13ClientId).toBe('cid');
        expect(s.backup?.time).toMatch(/^\d{4}-\d\d-\d\dT/);
        expect(s.faults[0]).toMatchObject({kind: 'latency', path: '/never'});
        expect(s.log.map((e) => [e.method, e.path, e.status])).toEqual(expect.arrayContaining([
            ['POST', '/admin/authenticate', 302], ['GET', '/admin/config/tab/hosted', 200],
            ['POST', '/admin/config/tab/hosted', 200],
            ['POST', '/admin/config/backup/save', 200]]));
        for (const e of s.log) {
            expect(Object.keys(e).sort()).toEqual(expect.arrayContaining(['method', 'path', 'status', 'time']));
        }
        expect(raw).not.toContain('Sekr3t-pass!');
        expect(raw).not.toContain(c.cookies.get('PHPSESSID'));
        expect(raw).not.toContain('PHPSESSID');
        expect(raw).not.toContain('Login[password]');
    });

    it('resets to the start-up state', async() => {
        await fetch(sim.url + '/__sim/reset', {method: 'POST'});
        const s = await simState(sim.url);
        expect(s.modules.hosted?.lti13ClientId).toBe('');
        expect(s.backup).toBeNull();
        expect(s.faults).toEqual([]);
        expect(s.log).toEqual([]);
        expect(s.sessions).toBe(0);
    });

    it('merges values posted to /__sim/state', async() => {
        const r = await fetch(sim.url + '/__sim/state', {method: 'POST',
            body: JSON.stringify({modules: {hosted: {lti13ClientId: 'x'}}})});
        expect(r.status).toBe(200);
        expect(sim.values('hosted').lti13ClientId).toBe('x');
        expect(sim.values('hosted').authMethod).toBe('lti');
    });
});

describe('start-up state from a file', () => {
    it('loads a read-out-shaped JSON file (and reset returns to it)', async() => {
        const dir = mkdtempSync(join(tmpdir(), 'kafsim-state-'));
        const file = join(dir, 'state.json');
        writeFileSync(file, JSON.stringify({modules: {hosted: {authMethod: 'lti1.3', lti13ClientId: 'fromfile'}},
            backup: {time: '2026-02-05T08:43:50.000Z', shownDate: '2026-02-05 08:43:50 GMT',
                modules: {hosted: {authMethod: 'lti'}}}}));
        const sim = await startKafSim({port: 0, state: file, partnerId: '999'});
        try {
            expect(sim.values('hosted')).toMatchObject({authMethod: 'lti1.3', lti13ClientId: 'fromfile',
                sharedRepositoryCategoryId: '235289443'});
            const c = new Client(sim.url);
            await c.login();
            expect((await c.get('/admin/config/backup')).body).toContain('Last configuration save date: 2026-02-05 08:43:50 GMT');
            expect(await (await fetch(sim.url + '/version')).text()).toContain('999');
            sim.setValues('hosted', {lti13ClientId: 'changed'});
            sim.reset();
            expect(sim.values('hosted').lti13ClientId).toBe('fromfile');
        } finally {
            await sim.close();
        }
    });

    it('round-trips: a read-out is a valid start-up state', async() => {
        const a = await startKafSim({port: 0});
        a.setValues('hosted', {lti13ClientId: 'rt'});
        const b = await startKafSim({port: 0, state: a.state()});
        try {
            expect(b.state().modules).toEqual(a.state().modules);
        } finally {
            await a.close();
            await b.close();
        }
    });
});
