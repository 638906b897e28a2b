// Accessibility: axe-core (WCAG 2.1 A and AA rules) on every state of the page a person sees, in Boost and in
// Classic, with no violation of impact serious or critical; lesser ones are listed in the output. And the whole
// path from connect to the verdict with the keyboard only, focus never dropped to <body> on the way.
import {afterAll, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {AxeBuilder} from '@axe-core/playwright';
import type {Browser, Page} from 'playwright-core';
import type {KafSim} from '../../tools/kafsim/server';
import {addToolType, confirmModal, connect, kafAdmin, launch, openTool, resetSite, screenshot, setTheme, startKaf,
    verdict} from './harness';
import {expectReadableReport, openReport} from './report';

const WCAG21 = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

let kaf: KafSim;
let browser: Browser;
let page: Page | null = null;

/** What the audit found below serious, per state, printed at the end. */
const lesser: string[] = [];

/**
 * Audits the page as it is now: the plugin's page (or report) and an open modal, with the WCAG 2.1 A/AA rules.
 *
 * @param p the page
 * @param state the state's name, for the output
 */
async function audit(p: Page, state: string): Promise<void> {
    // A button changing its style (Upgrade or Connect after a run) fades between colours: axe would measure the
    // contrast of a colour between the two.
    await p.waitForFunction(() => document.getAnimations().every((a) => !(a instanceof CSSTransition)), undefined,
        {timeout: 10000});
    const results = await new AxeBuilder({page: p}).withTags(WCAG21).analyze();
    const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    const describe = (v: (typeof results.violations)[number]): string => `${state}: ${v.impact} ${v.id} (${v.help}) at `
        + v.nodes.map((n) => `${n.target.join(' ')} ${n.html.slice(0, 160)}`).slice(0, 5).join(', ');
    lesser.push(...results.violations.filter((v) => !bad.includes(v)).map(describe));
    expect(bad.map(describe), state).toEqual([]);
    expect(results.passes.length, `${state}: axe ran its rules`).toBeGreaterThan(10);
    // Each state as an administrator sees it, at a laptop's width and at a phone's (test-results/e2e/).
    const size = p.viewportSize() ?? {width: 1280, height: 1000};
    const file = `a11y-${state.replace(/\W+/g, '-')}`;
    await screenshot(p, `${file}-1280`);
    await p.setViewportSize({width: 390, height: size.height});
    await screenshot(p, `${file}-390`);
    await p.setViewportSize(size);
}

/**
 * Clicks Upgrade and confirms.
 *
 * @param p the page
 */
async function startUpgrade(p: Page): Promise<void> {
    await p.click('[data-action="upgrade"]');
    await confirmModal(p);
}

beforeAll(async() => {
    kaf = await startKaf();
    browser = await launch();
});

afterAll(async() => {
    // The resume banner's run is left running: the next file must find a site without it.
    await page?.context().close();
    if (kaf) {
        resetSite({kaf_uri: kaf.url});
    }
    setTheme('boost');
    await browser?.close();
    await kaf?.close();
    console.log(lesser.length ? `axe, below serious:\n  ${lesser.join('\n  ')}` : 'axe: no violation at any impact');
});

beforeEach(async() => {
    await page?.context().close();
    page = null;
    kaf.clearFaults();
    kaf.reset();
    resetSite({kaf_uri: kaf.url});
});

describe.each(['boost', 'classic'] as const)('axe in %s', (theme) => {
    beforeAll(() => setTheme(theme));

    it('the checklist, the credentials modal and its error, the plan with a grade-tool choice and a user-id warning',
        async() => {
            addToolType('Video Quiz A', `${kaf.url}/browseandembed/index/index`);
            addToolType('Video Quiz B', `${kaf.url}/browseandembed/index/quiz`);
            page = await openTool(browser);
            await audit(page, `${theme} checklist`);
            await page.click('[data-action="connect"]');
            await page.locator('.modal.show input[name="username"]').waitFor();
            await audit(page, `${theme} credentials`);
            await page.locator('.modal.show input[name="username"]').fill(kafAdmin.username);
            await page.locator('.modal.show input[name="password"]').fill('not-the-password');
            await page.locator('.modal.show [data-action="save"]').click();
            const error = page.locator('.modal.show [data-region="credentials-error"]');
            await expect.poll(async() => (await error.innerText()).length, {timeout: 30000}).toBeGreaterThan(10);
            await audit(page, `${theme} credentials error`);
            await page.locator('.modal.show input[name="password"]').fill(kafAdmin.password);
            await page.locator('.modal.show [data-action="save"]').click();
            await page.waitForSelector('.modal.show', {state: 'detached', timeout: 30000});
            await page.waitForSelector('[data-region="plan"] table', {timeout: 30000});
            expect(await page.locator('[data-region="plan"] input[type="radio"]').count()).toBe(2);
            expect(await page.locator('[data-check="userid"]').getAttribute('data-status')).toBe('warn');
            await audit(page, `${theme} plan`);
        });

    it('the live progress, the verified verdict and the report', async() => {
        page = await openTool(browser);
        await connect(page);
        kaf.addFaults({kind: 'latency', ms: 3000, pathPrefix: '/admin/config/backup', count: 'always'});
        await startUpgrade(page);
        await page.waitForSelector('[data-step="backup"][data-status="running"]', {timeout: 30000});
        await audit(page, `${theme} progress`);
        expect((await verdict(page)).success).toBe(true);
        // Nothing is left to upgrade (once the page has read the site again): no Upgrade button that still looks
        // like the next step.
        const upgradeButton = page.locator('[data-action="upgrade"]');
        await expect.poll(() => upgradeButton.isHidden(), {timeout: 30000}).toBe(true);
        await audit(page, `${theme} verified`);
        const report = await page.locator('[data-region="verdict-box"] a').first().getAttribute('href');
        await page.goto(report as string);
        await page.waitForSelector('[data-region="report"]');
        await audit(page, `${theme} report`);
        // As printed or saved as PDF: the document alone, still readable by the same rules.
        await page.emulateMedia({media: 'print'});
        await audit(page, `${theme} report print`);
        await page.emulateMedia({media: 'screen'});
    });

    it('the restored verdict and the rollback-incomplete verdict', async() => {
        page = await openTool(browser);
        await connect(page);
        // Verification cannot pass (the key set fails), so the run puts everything back.
        kaf.addFaults({kind: 'status', status: 503, path: '/hosted/index/lti-advantage-key-set', count: 'always'});
        await startUpgrade(page);
        const restored = await verdict(page);
        expect(restored.success).toBe(false);
        expect(restored.text).toMatch(/everything was put back/);
        // Audited as the admin sees it once the page has read both sides again: Connect is the next step.
        const connectButton = page.locator('[data-action="connect"]');
        await expect.poll(() => connectButton.innerText(), {timeout: 15000}).toBe('Connect to KAF again');
        await audit(page, `${theme} rolled back`);
        await openReport(page);
        await expectReadableReport(page, 'rolledback', [/Every change was undone/]);
        await audit(page, `${theme} rolled back report`);
        await page.context().close();

        resetSite({kaf_uri: kaf.url});
        kaf.clearFaults();
        kaf.reset();
        page = await openTool(browser);
        await connect(page);
        // The same, and every Hosted save after the first fails too: the rollback cannot put KAF back.
        kaf.addFaults([{kind: 'status', status: 503, path: '/hosted/index/lti-advantage-key-set', count: 'always'},
            {kind: 'status', status: 503, method: 'POST', path: '/admin/config/tab/hosted', nth: 2, count: 'always'}]);
        await startUpgrade(page);
        const v = await verdict(page);
        expect(v.success).toBe(false);
        expect(v.text).toMatch(/rollback was incomplete/);
        // As above: audited once Connect has become the next step (its style fades in after the verdict).
        const connectAgain = page.locator('[data-action="connect"]');
        await expect.poll(() => connectAgain.innerText(), {timeout: 15000}).toBe('Connect to KAF again');
        await audit(page, `${theme} rollback incomplete`);
        await openReport(page);
        await expectReadableReport(page, 'rollbackfailed', [/The changes were not all undone/]);
        await audit(page, `${theme} rollback incomplete report`);
        await page.emulateMedia({media: 'print'});
        await audit(page, `${theme} rollback incomplete report print`);
    }, 2 * 180000); // Two whole runs, each with its rollback, in one test.

    it('the resume banner', async() => {
        page = await openTool(browser);
        await connect(page);
        kaf.addFaults({kind: 'latency', ms: 4000, pathPrefix: '/admin/config/backup', count: 'always'});
        await startUpgrade(page);
        await page.waitForSelector('[data-step="backup"][data-status="running"]', {timeout: 30000});
        await page.context().close();
        kaf.clearFaults();
        page = await openTool(browser);
        await page.waitForSelector('[data-region="resume-banner"]');
        await audit(page, `${theme} resume banner`);
    });
});
