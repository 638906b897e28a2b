// The page in Moodle's two core themes: everything the admin needs is shown and works in Classic as in Boost.
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {Browser} from 'playwright-core';
import type {KafSim} from '../../tools/kafsim/server';
import {confirmModal, connect, launch, moodleCfg, openTool, readSite, resetSite, screenshot, setTheme, startKaf, verdict}
    from './harness';

let kaf: KafSim;
let browser: Browser;

beforeAll(async() => {
    kaf = await startKaf();
    browser = await launch();
    resetSite({kaf_uri: kaf.url});
    setTheme('classic');
});

afterAll(async() => {
    setTheme('boost');
    await browser?.close();
    await kaf?.close();
});

describe('themes', () => {
    it('upgrades from the page in Classic, with every section and button shown', async() => {
        const page = await openTool(browser);
        expect((await moodleCfg(page)).theme).toBe('classic');
        for (const region of ['status', 'preflight', 'plan', 'actions']) {
            expect(await page.locator(`[data-region="${region}"]`).isVisible(), region).toBe(true);
        }
        expect(await page.locator('[data-check]').count()).toBeGreaterThan(5);
        await connect(page);
        expect(await page.locator('[data-region="plan"] tbody tr').count()).toBeGreaterThan(5);
        await page.click('[data-action="upgrade"]');
        await confirmModal(page);
        expect((await verdict(page)).success).toBe(true);
        await screenshot(page, '9-classic-verified');
        expect(readSite().config.lti_version).toBe('1.3.0');
        expect(kaf.values('hosted').authMethod).toBe('lti1.3');
        await page.context().close();
    });
});
