import {afterAll, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {startKafSim, type KafSim} from '../server.js';
import {Client, simState, text, type Res} from './helpers.js';

/**
 * Clicks the button with a visible text: posts its form.
 *
 * @param c client
 * @param page current page
 * @param label button text
 * @returns the next page
 */
async function click(c: Client, page: Res, label: string): Promise<Res> {
    const re = new RegExp(`<form method="post" action="([^"]+)"[^>]*>((?:(?!</form>)[\\s\\S])*?)<button[^>]*>${label}</button>`);
    const m = re.exec(page.body);
    if (!m) {
        throw new Error(`no button "${label}"`);
    }
    const fields = [...(m[2] ?? '').matchAll(/name="([^"]+)" value="([^"]*)"/g)].map((x): [string, string] =>
        [x[1] ?? '', x[2] ?? '']);
    return c.post(m[1] ?? '', fields);
}

/**
 * Follows the Backup Configuration link from the navigation.
 *
 * @param c client
 * @returns the backup page
 */
async function openBackup(c: Client): Promise<Res> {
    const nav = await c.get('/admin/config');
    const href = /<a href="([^"]+)">Backup Configuration<\/a>/.exec(nav.body)?.[1];
    return c.get(href ?? 'missing');
}

for (const csrf of [false, true]) {
    describe(`backup configuration (csrf ${csrf})`, () => {
        let sim: KafSim;
        let c: Client;
        beforeAll(async() => {
            sim = await startKafSim({port: 0, csrf});
        });
        afterAll(() => sim.close());
        beforeEach(async() => {
            sim.reset();
            c = new Client(sim.url);
            await c.login();
        });

        it('shows the intro, both buttons and "There are no backups."', async() => {
            const p = await openBackup(c);
            expect(p.status).toBe(200);
            const t = text(p.body);
            expect(t).toContain('Create a snapshot of the current site configuration (all modules) as a \'Last Good '
                + 'Configuration\'.');
            expect(p.body).toMatch(/<button[^>]*>Save Backup<\/button>/);
            expect(p.body).toMatch(/<button[^>]*>Restore Last Saved Configuration<\/button>/);
            expect(t).toContain('There are no backups.');
        });

        it('saves after confirmation ("Yes, Save"), then shows the date', async() => {
            const confirm = await click(c, await openBackup(c), 'Save Backup');
            expect(text(confirm.body)).toContain('Configuration Backup');
            expect((await simState(sim.url)).backup).toBeNull(); // Nothing yet.
            const done = await click(c, confirm, 'Yes, Save');
            expect(text(done.body)).toContain('Configuration file was saved successfully.');
            expect(done.body).toContain('>OK</a>');
            const s = await simState(sim.url);
            expect(s.backup?.modules).toEqual(s.modules);
            const p = await openBackup(c);
            expect(text(p.body)).toMatch(/Last configuration save date: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d GMT/);
            expect(text(p.body)).not.toContain('There are no backups.');
        });

        it('keeps one slot: a new backup replaces the old; restore brings back every module', async() => {
            await click(c, await click(c, await openBackup(c), 'Save Backup'), 'Yes, Save');
            await c.saveModule('hosted', {authMethod: 'lti1.3', lti13ClientId: 'one'});
            await c.saveModule('ltigrading', {enabled: '0'});
            await click(c, await click(c, await openBackup(c), 'Save Backup'), 'Yes, Save');
            const slot = (await simState(sim.url)).backup;
            expect(slot?.modules.hosted?.lti13ClientId).toBe('one');
            await c.saveModule('hosted', {authMethod: 'lti', lti13ClientId: 'two'});
            await c.saveModule('moodle', {enabled: '0'});
            const confirm = await click(c, await openBackup(c), 'Restore Last Saved Configuration');
            expect(sim.values('hosted').lti13ClientId).toBe('two'); // Not yet.
            const done = await click(c, confirm, 'Yes, Restore');
            expect(text(done.body)).toContain('Configuration was restored successfully.');
            const s = await simState(sim.url);
            expect(s.modules).toEqual(slot?.modules);
            expect(s.modules.hosted?.lti13ClientId).toBe('one');
            expect(s.modules.ltigrading?.enabled).toBe('0');
            expect(s.modules.moodle?.enabled).toBe('1');
        });

        it('says "There are no backups." when restoring with an empty slot, changing nothing', async() => {
            const before = (await simState(sim.url)).modules;
            const r = await click(c, await openBackup(c), 'Restore Last Saved Configuration');
            expect(text(r.body)).toContain('There are no backups.');
            expect(r.body).not.toContain('Yes, Restore');
            expect((await simState(sim.url)).modules).toEqual(before);
        });

        it('shows the configuration date, not the backup time', async() => {
            await new Promise((resolve) => setTimeout(resolve, 1100));
            await click(c, await click(c, await openBackup(c), 'Save Backup'), 'Yes, Save');
            const s = await simState(sim.url);
            expect(s.backup?.shownDate).not.toBe(s.backup?.time.replace('T', ' ').slice(0, 19) + ' GMT');
            expect(s.backup?.shownDate.slice(0, 19)).toBe(s.configModified.replace('T', ' ').slice(0, 19));
        });
    });
}

describe('backup endpoints need POST and a session', () => {
    let sim: KafSim;
    beforeAll(async() => {
        sim = await startKafSim({port: 0});
    });
    afterAll(() => sim.close());

    it('refuses GET on the action URLs and shows the login page without a session', async() => {
        const c = new Client(sim.url);
        expect((await c.post('/admin/config/backup/save', {})).body).toContain('action="/admin/authenticate"');
        expect((await simState(sim.url)).backup).toBeNull();
        await c.login();
        expect((await c.get('/admin/config/backup/save')).status).toBe(405);
        expect((await simState(sim.url)).backup).toBeNull();
    });
});
