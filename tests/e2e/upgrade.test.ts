// The eight scenarios of the admin page, in a real Moodle through a real browser, against the KAF simulator.
import {afterAll, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import type {Browser, Page} from 'playwright-core';
import type {KafSim} from '../../tools/kafsim/server';
import {addToolType, confirmModal, connect, enterCredentials, kafAdmin, launch, openTool, readSite, resetSite, screenshot,
    startKaf, verdict} from './harness';
import {expectReadableReport} from './report';

const PLANNED = ['authMethod', 'lti13PlatformOidcAuthUrl', 'lti13AuthTokenUrl', 'lti13KeysUrl', 'lti13ClientId',
    'lti13ServicePrivateKey', 'lti13ServicePublicKey'];

let kaf: KafSim;
let browser: Browser;
let page: Page | null = null;

/**
 * Every Hosted value except the planned ones: what must come back byte-identical.
 *
 * @param values the Hosted module's values
 * @returns the unplanned ones
 */
function unplanned(values: Record<string, string>): Record<string, string> {
    return Object.fromEntries(Object.entries(values).filter(([k]) => !PLANNED.includes(k)));
}

/**
 * Clicks Upgrade, confirms, and waits for the verdict.
 *
 * @param p the page
 * @returns the verdict
 */
async function upgrade(p: Page): Promise<{success: boolean; text: string}> {
    await p.click('[data-action="upgrade"]');
    await confirmModal(p);
    return verdict(p);
}

/**
 * Runs a whole upgrade from a fresh page load.
 */
async function upgradeFromScratch(): Promise<void> {
    const p = await openTool(browser);
    await connect(p);
    expect((await upgrade(p)).success).toBe(true);
    await p.context().close();
}

/**
 * Asserts that the site and KAF are upgraded exactly as planned, and nothing else at KAF changed.
 *
 * @param before the Hosted values before the run
 */
function expectUpgraded(before: Record<string, string>): void {
    const s = readSite();
    const hosted = kaf.values('hosted');
    expect(hosted.authMethod).toBe('lti1.3');
    expect(hosted.lti13PlatformOidcAuthUrl).toBe(`${s.wwwroot}/local/kaltura/auth.php`);
    expect(hosted.lti13AuthTokenUrl).toBe(`${s.wwwroot}/mod/lti/token.php`);
    expect(hosted.lti13KeysUrl).toBe(`${s.wwwroot}/mod/lti/certs.php`);
    expect(hosted.lti13ClientId).toBe(s.config.client_id);
    expect(hosted.lti13ServicePrivateKey).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(hosted.lti13ServicePublicKey).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    expect(unplanned(hosted)).toEqual(unplanned(before));
    expect(s.config.lti_version).toBe('1.3.0');
    expect(s.config.enable_logging).toBe('1');
    expect(s.log).toContainEqual({name: 'lti_version', oldvalue: 'LTI-1p0', value: '1.3.0'});
    expect(s.runs.at(-1)).toMatchObject({kind: 'upgrade', status: 'completed'});
}

beforeAll(async() => {
    kaf = await startKaf();
    browser = await launch();
});

afterAll(async() => {
    await browser?.close();
    await kaf?.close();
});

beforeEach(async() => {
    await page?.context().close();
    page = null;
    kaf.clearFaults();
    kaf.reset();
    resetSite({kaf_uri: kaf.url});
});

describe('the upgrade page in a real Moodle', () => {
    it('1. upgrades from login to a verified LTI 1.3 on both sides', async() => {
        const before = kaf.values('hosted');
        page = await openTool(browser);
        await screenshot(page, '1-preflight');
        expect(await page.locator('[data-action="upgrade"]').isDisabled()).toBe(true);
        await connect(page);
        const rows = await page.locator('[data-region="plan"] tbody tr').allInnerTexts();
        expect(rows.some((r) => r.includes('authMethod'))).toBe(true);
        expect(rows.some((r) => r.includes('lti_version'))).toBe(true);
        expect(rows.join('\n')).not.toContain('PRIVATE KEY');
        await screenshot(page, '2-plan');
        const v = await upgrade(page);
        await screenshot(page, '3-verified');
        expect(v.success).toBe(true);
        expect(await page.locator('[data-step][data-status="done"]').count()).toBeGreaterThanOrEqual(7);
        expectUpgraded(before);
        // The wiring section checks again by itself: OK, not the "No recent result" of before the run.
        await page.waitForSelector('[data-region="wiring-section"] [data-region="wiring"][data-status="ok"]',
            {timeout: 30000});
        await screenshot(page, '3-wiring-ok');
        expect(await page.locator('[data-region="wiring-none"]').count()).toBe(0);
        // The report page: the run's steps, and no secret anywhere in it or in the JSON download.
        const report = await page.locator('[data-region="verdict-box"] a').first().getAttribute('href');
        expect(report).toBeTruthy();
        await page.goto(report as string);
        // Each step as a sentence, each check through its string with what it saw, the key by its fingerprint.
        const text = await expectReadableReport(page, 'completed', [/Every planned change was made and verified\./,
            /KAF saved its current configuration as a backup and confirmed it\./, /KAF Hosted fields recorded: \d+\./,
            /A new RSA key pair was made/, /Fingerprint of its public key: [\w-]{43}\./,
            /KAF's key set publishes our key [\w-]{43}/, /A login started at KAF comes back to /,
            /Moodle: the Kaltura settings are as planned\./, /\(empty\)/]);
        expect(text).not.toMatch(/being undone/);
        await screenshot(page, '4-report');
        await page.emulateMedia({media: 'print'});
        await screenshot(page, '4-report-print');
        expect(await page.locator('[data-region="report"] .btn').first().isVisible()).toBe(false);
        await page.emulateMedia({media: 'screen'});
        const html = await page.content();
        expect(html).not.toContain('PRIVATE KEY');
        const json = await page.request.get(`${report}&format=json`);
        expect(json.status()).toBe(200);
        const body = await json.text();
        expect(JSON.parse(body).status).toBe('completed');
        expect(body).not.toContain('PRIVATE KEY');
        expect(body).not.toContain(kafAdmin.password);
    });

    it('2. shows a kaf_uri with a trailing slash, corrects it in the plan, and upgrades', async() => {
        resetSite({kaf_uri: `${kaf.url}/`});
        const before = kaf.values('hosted');
        page = await openTool(browser);
        expect(await page.locator('[data-check="kafuri"]').getAttribute('data-status')).toBe('warn');
        expect(await page.locator('[data-check="kafuri"]').innerText()).toContain(kaf.url);
        await connect(page);
        expect((await upgrade(page)).success).toBe(true);
        expect(readSite().config.kaf_uri).toBe(kaf.url);
        expect(readSite().log).toContainEqual({name: 'kaf_uri', oldvalue: `${kaf.url}/`, value: kaf.url});
        expectUpgraded(before);
    });

    it('3. says clearly when the KAF password is wrong, and changes nothing', async() => {
        const before = kaf.values('hosted');
        const siteBefore = readSite();
        page = await openTool(browser);
        await enterCredentials(page, {username: kafAdmin.username, password: 'not-the-password'});
        const error = page.locator('.modal.show [data-region="credentials-error"]');
        await expect.poll(async() => (await error.innerText()).length, {timeout: 30000}).toBeGreaterThan(10);
        expect(await error.innerText()).toMatch(/username or password/i);
        await screenshot(page, '4-wrong-password');
        expect(kaf.values('hosted')).toEqual(before);
        expect(readSite().config).toEqual(siteBefore.config);
        expect(readSite().runs).toEqual([]);
    });

    it('4. rolls back by itself when KAF fails in the middle of the run', async() => {
        const before = kaf.values('hosted');
        const siteBefore = readSite();
        page = await openTool(browser);
        await connect(page);
        // After the Hosted save, KAF's key set keeps failing: verification cannot pass, so the run must undo.
        kaf.addFaults({kind: 'status', status: 503, path: '/hosted/index/lti-advantage-key-set', count: 'always'});
        const v = await upgrade(page);
        await screenshot(page, '5-rolled-back');
        expect(v.success).toBe(false);
        expect(await page.locator('[data-step="rollback"]').getAttribute('data-status')).toBe('done');
        expect(kaf.values('hosted')).toEqual(before);
        expect(readSite().config).toEqual(siteBefore.config);
        expect(readSite().runs.at(-1)?.status).toBe('rolledback');
    });

    it('5. a second run finds nothing to do, and says so', async() => {
        await upgradeFromScratch();
        const after = kaf.values('hosted');
        page = await openTool(browser);
        await connect(page);
        await page.waitForSelector('[data-region="plan-empty"]');
        expect(await page.locator('[data-action="upgrade"]').isDisabled()).toBe(true);
        await screenshot(page, '6-nothing-to-do');
        expect(kaf.values('hosted')).toEqual(after);
    });

    it('6. reverts to LTI 1.1', async() => {
        await upgradeFromScratch();
        const upgraded = kaf.values('hosted');
        page = await openTool(browser);
        await connect(page);
        await page.click('[data-action="revert"]');
        await confirmModal(page);
        const v = await verdict(page);
        expect(v.success).toBe(true);
        const hosted = kaf.values('hosted');
        expect(hosted.authMethod).toBe('lti');
        // The 1.3 values and keys stay for a later upgrade.
        expect(hosted.lti13ServicePublicKey).toBe(upgraded.lti13ServicePublicKey);
        expect(readSite().config.lti_version).toBe('LTI-1p0');
        expect(readSite().config.adminsecret).toBe('admin-secret-for-lti11');
        expect(readSite().runs.at(-1)).toMatchObject({kind: 'revert', status: 'completed'});
        // The wiring section says so without a click: still on LTI 1.1.
        const wiring = page.locator('[data-region="wiring-section"] [data-region="wiring"][data-status="info"]');
        await wiring.waitFor({timeout: 30000});
        expect(await wiring.innerText()).toContain('still uses LTI 1.1');
        // Trace logging, which the upgrade turned on, is back to what the upgrade found, in Moodle's config log too.
        expect(readSite().config.enable_logging).toBe('0');
        expect(readSite().log).toContainEqual({name: 'enable_logging', oldvalue: '1', value: '0'});
        // Upgrading again: the plan reads the 1.3 values KAF still holds as Before, so it changes only the switch and
        // Moodle's side, and keeps KAF's keys (no new key pair is planned).
        await page.context().close();
        page = await openTool(browser);
        await connect(page);
        const fields = await page.locator('[data-region="plan"] tbody tr').evaluateAll(
            (rows) => rows.map((r) => r.getAttribute('data-field')));
        expect(fields.sort()).toEqual(['authMethod', 'enable_logging', 'lti_version']);
    });

    it('7. resumes a run whose tab was closed in the middle', async() => {
        const before = kaf.values('hosted');
        page = await openTool(browser);
        await connect(page);
        // A slow backup keeps the run in the middle long enough to close the tab there.
        kaf.addFaults({kind: 'latency', ms: 4000, pathPrefix: '/admin/config/backup', count: 'always'});
        await page.click('[data-action="upgrade"]');
        await confirmModal(page);
        await page.waitForSelector('[data-step="backup"][data-status="running"]', {timeout: 30000});
        await page.context().close();
        page = null;
        kaf.clearFaults();
        expect(readSite().runs.at(-1)?.status).toBe('running');
        page = await openTool(browser);
        await page.waitForSelector('[data-region="resume-banner"]');
        await screenshot(page, '7-resume-banner');
        await enterCredentials(page, kafAdmin, '[data-action="resume"]');
        const v = await verdict(page);
        expect(v.success).toBe(true);
        expectUpgraded(before);
    });

    it('8. upgrades and reverts a Video Quiz grade tool', async() => {
        const id = addToolType('Video Quiz', `${kaf.url}/browseandembed/index/index`);
        kaf.setValues('ltigrading', {enabled: '0'});
        const ltigrading = kaf.values('ltigrading');
        page = await openTool(browser);
        const check = page.locator('[data-check="tooltypes"]');
        expect(await check.innerText()).toContain('E2E Video Quiz');
        await connect(page);
        expect(await page.locator('[data-check="ltigrading"]').getAttribute('data-status')).toBe('warn');
        const rows = (await page.locator('[data-region="plan"] tbody tr').allInnerTexts()).join('\n');
        expect(rows).toContain('E2E Video Quiz');
        expect(rows).toContain('ltiservice_gradesynchronization');
        expect(rows).toContain('Ltigrading');
        await screenshot(page, '8-grade-tool-plan');
        const v = await upgrade(page);
        expect(v.success, v.text).toBe(true);
        const s = readSite();
        const t = s.tooltypes.find((x) => x.id === id);
        expect(t).toMatchObject({ltiversion: '1.3.0', clientid: s.config.client_id});
        expect(t?.config).toMatchObject({keytype: 'JWK_KEYSET', publickeyset: `${kaf.url}/hosted/index/lti-advantage-key-set`,
            initiatelogin: `${kaf.url}/hosted/index/oidc-init`, redirectionuris: `${kaf.url}/hosted/index/oauth2-launch`,
            ltiservice_gradesynchronization: '2', resourcekey: 'kafkey', password: 'kafsecret'});
        expect(kaf.values('ltigrading')).toEqual({...ltigrading, enabled: '1'});
        await page.context().close();
        // Revert: the tool back to LTI 1.1 (its 1.1 key and secret were kept); Ltigrading stays on.
        page = await openTool(browser);
        await connect(page);
        await page.click('[data-action="revert"]');
        await confirmModal(page);
        expect((await verdict(page)).success).toBe(true);
        const r = readSite().tooltypes.find((x) => x.id === id);
        expect(r?.ltiversion).toBe('LTI-1p0');
        expect(r?.config).toMatchObject({resourcekey: 'kafkey', password: 'kafsecret'});
        expect(kaf.values('ltigrading').enabled).toBe('1');
        expect(readSite().runs.at(-1)).toMatchObject({kind: 'revert', status: 'completed'});
    });
});
