// The keyboard-only path: connect, upgrade and the verdict without the mouse, and focus never dropped to <body>
// when a region of the page re-renders.
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {Browser, Page} from 'playwright-core';
import type {KafSim} from '../../tools/kafsim/server';
import {kafAdmin, launch, openTool, readSite, resetSite, startKaf, verdict} from './harness';

let kaf: KafSim;
let browser: Browser;

beforeAll(async() => {
    // KAF shows its 1.3 user-id settings only after the switch: the page asks keep-or-accept as a radio group.
    kaf = await startKaf('after-save');
    browser = await launch();
    resetSite({kaf_uri: kaf.url});
});

afterAll(async() => {
    await browser?.close();
    await kaf?.close();
});

/**
 * What has the focus: a short description of document.activeElement.
 *
 * @param p the page
 * @returns e.g. "button[data-action=connect]", or "body"
 */
async function focused(p: Page): Promise<string> {
    return p.evaluate(() => {
        const el = document.activeElement;
        if (!el || el === document.body) {
            return 'body';
        }
        const action = el.getAttribute('data-action');
        const name = el.getAttribute('name');
        return el.tagName.toLowerCase() + (action ? `[data-action=${action}]` : '') + (name ? `[name=${name}]` : '');
    });
}

/**
 * Presses Tab until the element matching the selector has the focus, the way an admin does: once it is there to
 * reach (a disabled button is skipped by Tab, and Tab past the page's end leaves the page for <body>).
 *
 * @param p the page
 * @param selector where the focus must get to
 */
async function tabTo(p: Page, selector: string): Promise<void> {
    await p.waitForSelector(selector, {timeout: 30000});
    for (let i = 0; i < 80; i++) {
        if (await p.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) {
            return;
        }
        await p.keyboard.press('Tab');
        if (await focused(p) === 'body') {
            throw new Error(`Tab went past the page's end before it reached ${selector}`);
        }
    }
    throw new Error(`Tab never reached ${selector}; the focus is on ${await focused(p)}`);
}

/**
 * Starts recording every moment the focus falls to <body> (or nowhere) from now on.
 *
 * @param p the page
 */
async function watchFocus(p: Page): Promise<void> {
    await p.evaluate(() => {
        const w = window as unknown as {focusLost: string[]};
        w.focusLost = [];
        // What last lost the focus, and when: says which re-render or modal dropped it.
        let lastOut = '';
        const describe = (t: EventTarget | null): string => {
            const el = t instanceof Element ? t : null;
            const region = el?.closest('[data-region]')?.getAttribute('data-region') ?? '';
            if (!el) {
                return '?';
            }
            const action = el.getAttribute('data-action');
            const text = el.tagName === 'A' ? `"${(el.textContent ?? '').trim().slice(0, 30)}"` : '';
            return `${el.tagName.toLowerCase()}${action ? `[data-action=${action}]` : ''}${text}`
                + ` in ${region || (el.closest('.modal') ? 'a modal' : 'the page')}`;
        };
        // The trail of keys and focus moves, so a failure shows the path that led to <body>.
        const trail: string[] = [];
        const note = (what: string): void => {
            trail.push(`${Math.round(performance.now())} ${what}`);
        };
        const check = (): void => {
            const el = document.activeElement;
            if (!el || el === document.body) {
                w.focusLost.push(`focus on body at ${Math.round(performance.now())} ms; it left ${lastOut}; `
                    + `trail: ${trail.slice(-12).join(', ')}`);
            }
        };
        document.addEventListener('keydown', (e) => note(`key ${e.key}`), true);
        document.addEventListener('focusin', (e) => note(`in ${describe(e.target)}`), true);
        // Checked after every DOM change (a re-render) and on every focus change.
        new MutationObserver(() => setTimeout(check, 0)).observe(document.body, {childList: true, subtree: true});
        document.addEventListener('focusout', (e) => {
            lastOut = `${describe(e.target)} at ${Math.round(performance.now())} ms`;
            note(`out ${describe(e.target)}`);
            setTimeout(check, 0);
        }, true);
    });
}

/**
 * The moments recorded by watchFocus.
 *
 * @param p the page
 * @returns them
 */
async function focusLost(p: Page): Promise<string[]> {
    return p.evaluate(() => (window as unknown as {focusLost: string[]}).focusLost);
}

describe('the keyboard only', () => {
    it('connects, upgrades and reaches the verdict, the focus never on <body>', async() => {
        const page = await openTool(browser);
        await page.locator('body').focus();
        await tabTo(page, '[data-action="connect"]:not([disabled])');
        await watchFocus(page);
        await page.keyboard.press('Enter');

        // The modal takes the focus; the credentials are typed and sent with Enter.
        const modal = page.locator('.modal.show');
        await modal.locator('input[name="username"]').waitFor();
        await tabTo(page, '.modal.show input[name="username"]');
        await page.keyboard.type(kafAdmin.username);
        await page.keyboard.press('Tab');
        expect(await focused(page)).toBe('input[name=password]');
        await page.keyboard.type(kafAdmin.password);
        await page.keyboard.press('Enter');
        await page.waitForSelector('.modal.show', {state: 'detached', timeout: 30000});
        await page.waitForSelector('[data-region="plan"] table', {timeout: 30000});
        expect(await focused(page)).not.toBe('body');

        // Where users may get new Kaltura ids, Upgrade waits for an informed choice, and says so.
        const upgrade = page.locator('[data-action="upgrade"]');
        expect(await upgrade.isDisabled()).toBe(true);
        expect(await upgrade.getAttribute('class')).not.toContain('btn-primary');
        await expect.poll(() => page.evaluate(() => {
            const id = document.querySelector('[data-action="upgrade"]')?.getAttribute('aria-describedby') ?? '';
            return document.getElementById(id)?.textContent ?? '';
        }), {timeout: 15000}).toContain('users\' Kaltura ids');
        // One radio group, named by its legend; each option named by its label and described outside it; nothing
        // preselected.
        const group = page.getByRole('group', {name: 'Users\' Kaltura ids under LTI 1.3'});
        expect(await group.getByRole('radio').count()).toBe(2);
        expect(await group.getByRole('radio', {name: 'Keep users\' Kaltura ids'}).isChecked()).toBe(false);
        const accept = group.getByRole('radio', {name: 'Accept new Kaltura ids'});
        expect(await accept.isChecked()).toBe(false);
        expect(await accept.evaluate((el) => (el.getAttribute('aria-describedby') ?? '').split(' ')
            .map((id) => document.getElementById(id)?.textContent ?? '').join(' '))).toContain('lose access to their media');
        // Tab enters the group on its first option; the arrow key moves to the next and chooses it.
        await tabTo(page, '[data-action="useridchoice"]');
        expect(await page.evaluate(() => document.activeElement?.getAttribute('value'))).toBe('keep');
        await page.keyboard.press('ArrowDown');
        await page.waitForSelector('[data-action="useridchoice"][value="accept"]:checked', {timeout: 30000});
        expect(await page.evaluate(() => document.activeElement?.getAttribute('value'))).toBe('accept');
        // Upgrade is enabled once the plan shown again says the choice is made: tabTo waits for it, as an admin
        // waits for the button (on 4.2 the plan's template takes tens of milliseconds, and a Tab sent at once went
        // past a disabled Upgrade and off the page's end).
        await tabTo(page, '[data-action="upgrade"]:not([disabled])');
        await page.keyboard.press('Enter');
        await page.locator('.modal.show [data-action="save"]').waitFor();
        await tabTo(page, '.modal.show [data-action="save"]');
        await page.keyboard.press('Enter');

        const v = await verdict(page);
        expect(v.success, v.text).toBe(true);
        // The verdict names the option taken and what the comparison found.
        expect(v.text).toContain('accept new ids');
        expect(v.text).toContain('so users get new Kaltura ids');
        // The verdict takes the focus, so a screen reader reads it out.
        expect(await page.evaluate(() => document.activeElement?.getAttribute('data-region'))).toBe('verdict-box');
        // And the report is one Tab away.
        await page.keyboard.press('Tab');
        expect(await page.evaluate(() => document.activeElement?.closest('[data-region="verdict-box"]') !== null)).toBe(true);
        expect(await focusLost(page)).toEqual([]);
        expect(readSite().config.lti_version).toBe('1.3.0');
        expect(kaf.values('hosted').authMethod).toBe('lti1.3');
        await page.context().close();
    });
});
