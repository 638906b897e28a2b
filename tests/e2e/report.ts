// The run report as an administrator reads (and prints) it: opened from the verdict's link, it must read as
// sentences, never as the journal's JSON or as string keys.
import {expect} from 'vitest';
import type {Page} from 'playwright-core';

/** What must never show on the report: JSON, a string key, a missing string, an unfilled placeholder. */
const RAW = ['{"', 'engine_', '[[', '{$a'];

/**
 * Opens the report of the run the verdict shows (its first link).
 *
 * @param page the page, with a verdict
 * @returns the report's address
 */
export async function openReport(page: Page): Promise<string> {
    const url = await page.locator('[data-region="verdict-box"] a').first().getAttribute('href');
    expect(url, 'the verdict links to the report').toBeTruthy();
    await page.goto(url as string);
    await page.waitForSelector('[data-region="report"]');
    return url as string;
}

/**
 * Checks the report on the page: its outcome, no raw text anywhere in it, and the sentences expected.
 *
 * @param page the page, on a report
 * @param status the run's status the report must show
 * @param sentences what it must say
 * @returns the report's text
 */
export async function expectReadableReport(page: Page, status: string, sentences: RegExp[]): Promise<string> {
    const region = page.locator('[data-region="report"]');
    expect(await region.getAttribute('data-status')).toBe(status);
    const text = await region.innerText();
    const html = await region.innerHTML();
    for (const bad of RAW) {
        expect(text, `the report shows "${bad}"`).not.toContain(bad);
        expect(html, `the report's markup holds "${bad}"`).not.toContain(bad);
    }
    for (const s of sentences) {
        expect(text).toMatch(s);
    }
    return text;
}
