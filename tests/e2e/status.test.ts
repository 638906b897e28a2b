// After a verified upgrade in the browser, Site administration > Reports > System status shows the plugin's check
// OK; when KAF drifts, the upgrade page's "Check again now" and System status say what changed, and the daily task
// sends one notification, not one a day.
import {execFile} from 'node:child_process';
import {promisify} from 'node:util';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {Browser, Page} from 'playwright-core';
import type {KafSim} from '../../tools/kafsim/server';
import {confirmModal, connect, launch, moodleDir, moodleUrl, openTool, resetSite, screenshot, startKaf,
    verdict} from './harness';

let kaf: KafSim;
let browser: Browser;
let page: Page;

const DETAIL = `${moodleUrl}/report/status/index.php?detail=tool_kalturalti13_wiring`;

/**
 * The check's row on System status (filtered to it) and its details.
 *
 * @param p a logged-in page
 * @returns the status badge text, the summary, and the details' status
 */
async function systemStatus(p: Page): Promise<{badge: string; summary: string; status: string | null; details: string}> {
    await p.goto(DETAIL);
    const row = p.locator('#statusreporttable tbody tr').filter({hasText: 'Kaltura LTI 1.3 wiring'});
    await row.waitFor();
    const wiring = p.locator('[data-region="wiring"]');
    return {badge: (await row.locator('td').nth(0).innerText()).trim(), summary: await row.locator('td').nth(2).innerText(),
        status: await wiring.getAttribute('data-status'), details: await wiring.innerText()};
}

/**
 * Runs the watch task the way cron does, through Moodle's CLI (without blocking: the simulator runs in this process).
 *
 * @returns its output
 */
async function runTask(): Promise<string> {
    const {stdout} = await promisify(execFile)('php', [`${moodleDir}/admin/cli/scheduled_task.php`,
        '--execute=\\tool_kalturalti13\\task\\watch_wiring'], {encoding: 'utf8'});
    return stdout;
}

beforeAll(async() => {
    kaf = await startKaf();
    browser = await launch();
    resetSite({kaf_uri: kaf.url});
});

afterAll(async() => {
    await page?.context().close();
    await browser?.close();
    await kaf?.close();
});

describe('the LTI 1.3 wiring on System status', () => {
    it('is OK after a verified upgrade, names a drift in KAF with its fix, and notifies once', async() => {
        page = await openTool(browser);
        await connect(page);
        await page.click('[data-action="upgrade"]');
        await confirmModal(page);
        expect((await verdict(page)).success).toBe(true);

        const ok = await systemStatus(page);
        await screenshot(page, 'status-1-ok');
        expect(ok.badge).toBe('OK');
        expect(ok.status).toBe('ok');
        expect(ok.summary).toContain('checks out');
        expect(ok.details).toContain('/local/kaltura/auth.php');
        // Before any drift, the task sees OK and sends nothing.
        expect(await runTask()).toContain('ok (ok); 0 notification(s) sent.');

        // Someone pastes another client id into KAF's Hosted module.
        kaf.setValues('hosted', {lti13ClientId: 'SomebodyElse12'});
        // System status keeps the cached result (an hour): no KAF call on every visit.
        expect((await systemStatus(page)).status).toBe('ok');
        // The upgrade page shows the same result and checks again on request.
        await page.goto(`${moodleUrl}/admin/tool/kalturalti13/index.php`);
        await page.click('[data-region="wiring-section"] button[type="submit"]');
        await page.waitForSelector('[data-region="wiring"][data-status="error"]');
        const section = await page.locator('[data-region="wiring-section"]').innerText();
        await screenshot(page, 'status-2-page-error');
        expect(section).toContain('client_id mismatch');
        expect(section).toContain('Run the upgrade again');

        const error = await systemStatus(page);
        await screenshot(page, 'status-3-error');
        expect(error.badge).toBe('Error');
        expect(error.summary).toContain('KAF refused the login initiation');
        expect(error.details).toContain('lti13ClientId');

        // The task notices the change once.
        expect(await runTask()).toContain('error (error:oidcnoredirect); 1 notification(s) sent.');
        expect(await runTask()).toContain('error (error:oidcnoredirect); 0 notification(s) sent.');
    });
});
