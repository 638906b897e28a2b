// Who may use the tool: the page, the report and the web services refuse anyone without moodle/site:config,
// and the ajax entry point refuses a call without the session's sesskey.
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {execFileSync} from 'node:child_process';
import path from 'node:path';
import type {Browser, Page} from 'playwright-core';
import {addRun, admin, launch, login, moodleCfg, moodleDir, moodleUrl} from './harness';

const teacher = {username: 'kalturalti13teacher', password: 'Teacher-1234!'};
let browser: Browser;

/**
 * Logs in to Moodle in a new browser context.
 *
 * @param who username and password
 * @returns a page of that session
 */
async function loginAs(who: {username: string; password: string}): Promise<Page> {
    const page = await (await browser.newContext()).newPage();
    await login(page, who);
    return page;
}

/**
 * Calls one of the plugin's web services through Moodle's ajax entry point, as core/ajax does.
 *
 * @param page a logged-in page
 * @param sesskey the sesskey to send
 * @returns Moodle's answer for that call
 */
async function ajax(page: Page, sesskey: string): Promise<{error: boolean; exception?: {errorcode: string}}> {
    const r = await page.request.post(`${moodleUrl}/lib/ajax/service.php?sesskey=${sesskey}&info=tool_kalturalti13_get_state`, {
        data: [{index: 0, methodname: 'tool_kalturalti13_get_state', args: {}}],
    });
    const body = await r.json();
    return Array.isArray(body) ? body[0] : body;
}

beforeAll(async() => {
    execFileSync('php', [path.join(__dirname, 'users.php'), moodleDir, teacher.username, teacher.password]);
    browser = await launch();
});

afterAll(async() => {
    await browser?.close();
});

describe('access', () => {
    it('opens the page for an administrator', async() => {
        const page = await loginAs(admin);
        const response = await page.goto(`${moodleUrl}/admin/tool/kalturalti13/index.php`);
        expect(response?.status()).toBe(200);
        await page.waitForSelector('[data-region="root"][data-ready="1"]');
        // The checks' state comes with the page, in get_state's shape, and holds no secret.
        const inline = JSON.parse(await page.locator('[data-region="root"]').getAttribute('data-state') ?? '{}');
        expect(inline.moodle.wwwroot).toBe(moodleUrl);
        expect(inline.settings).not.toHaveProperty('adminsecret');
        expect(typeof inline.settings.adminsecretset).toBe('boolean');
        // The test sites set the test flag in config.php (scripts/moodle/site.sh): the checklist says so, as a warning,
        // and so does System status, so that nobody leaves it on in production unawares.
        const flag = page.locator('[data-region="preflight"] li[data-check="insecurekaf"]');
        expect(await flag.getAttribute('data-status')).toBe('warn');
        expect(await flag.innerText()).toContain('tool_kalturalti13_allow_insecure_kaf');
        await page.goto(`${moodleUrl}/report/status/index.php`);
        const row = page.locator('#statusreporttable tbody tr').filter({hasText: 'Kaltura KAF connection security'});
        await row.waitFor();
        expect((await row.locator('td').nth(0).innerText()).trim()).toBe('Warning');
        expect(await row.innerText()).toContain('Remove it on a production site');
        await page.context().close();
    });

    it('refuses the page and the report to a user without moodle/site:config', async() => {
        // A run that exists, and that the administrator can read: what the teacher is refused is real.
        const run = addRun();
        const adminPage = await loginAs(admin);
        await adminPage.goto(`${moodleUrl}/admin/tool/kalturalti13/report.php?id=${run}`);
        expect(await adminPage.locator('[data-region="report"]').count()).toBe(1);
        const json = await adminPage.request.get(`${moodleUrl}/admin/tool/kalturalti13/report.php?id=${run}&format=json`);
        expect(await json.json()).toMatchObject({component: 'tool_kalturalti13', id: run, kind: 'upgrade', status: 'completed'});
        await adminPage.context().close();

        const page = await loginAs(teacher);
        await page.goto(`${moodleUrl}/admin/tool/kalturalti13/index.php`);
        expect(await page.locator('[data-region="root"]').count()).toBe(0);
        expect(await page.content()).toMatch(/do not currently have permissions|Access denied|accessdenied/i);
        await page.goto(`${moodleUrl}/admin/tool/kalturalti13/report.php?id=${run}`);
        expect(await page.locator('[data-region="report"]').count()).toBe(0);
        expect(await page.content()).toMatch(/do not currently have permissions|Access denied|accessdenied/i);
        const refused = await page.request.get(`${moodleUrl}/admin/tool/kalturalti13/report.php?id=${run}&format=json`);
        expect(await refused.text()).not.toContain('"kind"');
        await page.context().close();
    });

    it('refuses the web services to a user without moodle/site:config', async() => {
        const page = await loginAs(teacher);
        const {sesskey} = await moodleCfg(page);
        const answer = await ajax(page, sesskey);
        expect(answer.error).toBe(true);
        expect(answer.exception?.errorcode).toBe('nopermissions');
        await page.context().close();
    });

    it('refuses a call through the ajax entry point without the session\'s sesskey, and answers with it', async() => {
        const page = await loginAs(admin);
        await page.goto(`${moodleUrl}/admin/tool/kalturalti13/index.php`);
        const {sesskey} = await moodleCfg(page);
        const wrong = await ajax(page, 'notthesesskey');
        expect(wrong.error).toBe(true);
        expect(wrong.exception?.errorcode).toBe('invalidsesskey');
        const right = await ajax(page, sesskey) as {error: boolean; data?: {moodle?: {wwwroot: string}}};
        expect(right.error).toBe(false);
        expect(right.data?.moodle?.wwwroot).toBe(moodleUrl);
        await page.context().close();
    });
});
