// @vitest-environment node
// Moodle 5.2 removes core/modal_factory and core/modal_registry. The BUILT page (amd/build, as shipped) is loaded
// under requirejs with Moodle 5.2's module set (core/modal and core/modal_save_cancel with the static create, no
// factory, no registry) in a jsdom document, against the KAF simulator, and opens every modal the page opens: the
// credentials modal (cancelled, a wrong password, connect; again for revert and for a roll back of an interrupted
// run) and the confirmations of upgrade and revert. The test fails if either removed module is ever requested.
// (requirejs runs under Node here, with the document's globals set by hand: under a jsdom environment it would take
// itself for a browser and load modules with script tags.)
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import path from 'node:path';
import {JSDOM} from 'jsdom';
import {amdSite, type AmdSite} from '../build/amd';
import {moodleCore, renderTemplate, type CoreLog} from './moodlecore';
import {getString} from '../support/moodlemustache';
import {startEnv, CREDS, type Env} from './helpers';

const build = path.resolve(__dirname, '../../amd/build');
const REMOVED_IN_52 = ['core/modal_factory', 'core/modal_registry'];

interface Page {
    dom: JSDOM;
    root: HTMLElement;
    log: CoreLog;
    site: AmdSite;
}

let env: Env | null = null;
let page: Page | null = null;
const globals = ['document', 'HTMLInputElement', 'DOMParser'] as const;
const saved = new Map<string, unknown>();

beforeEach(() => {
    for (const g of globals) {
        saved.set(g, (globalThis as Record<string, unknown>)[g]);
    }
});

afterEach(async() => {
    page?.site.close();
    page?.dom.window.close();
    page = null;
    for (const g of globals) {
        (globalThis as Record<string, unknown>)[g] = saved.get(g);
    }
    await env?.sim.close();
    env = null;
});

/**
 * Waits until a condition holds.
 *
 * @param what what is awaited, for the failure
 * @param cond the condition
 * @param ms how long at most
 */
async function until(what: string, cond: () => boolean, ms = 20000): Promise<void> {
    const end = Date.now() + ms;
    while (!cond()) {
        if (Date.now() > end) {
            throw new Error(`timed out waiting for ${what}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 10));
    }
}

/**
 * Opens the upgrade page as index.php serves it (the state inline), with a release's core modules, and starts it.
 *
 * @param release the release's module set
 * @returns the page
 */
async function openPage(release: '5.2' | '4.2' | 'broken'): Promise<Page> {
    if (!env) {
        throw new Error('no simulator');
    }
    const state = await env.services.getState();
    const dom = new JSDOM(`<!DOCTYPE html><html><body>${renderTemplate('tool_kalturalti13/page',
        {state: JSON.stringify(state)})}</body></html>`, {url: 'https://moodle.example/admin/tool/kalturalti13/index.php'});
    Object.assign(globalThis, {document: dom.window.document, HTMLInputElement: dom.window.HTMLInputElement,
        DOMParser: dom.window.DOMParser});
    const {core, log} = moodleCore(dom, env.services, release);
    const site = amdSite(build, core);
    const p = {dom, root: dom.window.document.querySelector<HTMLElement>('[data-region="root"]') as HTMLElement, log, site};
    const mod: {init: (selector: string) => Promise<void>} = await site.load('tool_kalturalti13/page');
    await mod.init('[data-region="root"]');
    expect(p.root.dataset.ready).toBe('1');
    return p;
}

/**
 * Clicks a page button once it is enabled.
 *
 * @param p the page
 * @param action its data-action
 */
async function press(p: Page, action: string): Promise<void> {
    const button = p.root.querySelector<HTMLButtonElement>(`[data-action="${action}"]`);
    await until(`${action} enabled`, () => button !== null && !button.disabled && !button.hidden);
    button?.click();
}

/**
 * Waits for the next modal to be shown with its body.
 *
 * @param p the page
 * @param count how many modals were opened before it
 * @param title the string key of its title
 * @returns its root
 */
async function modal(p: Page, count: number, title: string): Promise<HTMLElement> {
    await until(`modal ${count + 1} (${title})`, () => p.log.modals.length > count && p.log.modals[count]?.root.isConnected === true
        && p.log.modals[count]?.root.querySelector('.modal-body')?.innerHTML !== '');
    const m = p.log.modals[count];
    await until(`its title ${title}`, () => m?.title !== '');
    expect(m?.title).toBe(getString(title, 'tool_kalturalti13'));
    return m?.root as HTMLElement;
}

/**
 * Types the KAF credentials into the credentials modal and presses its Save (Connect).
 *
 * @param m the modal
 * @param password the password
 */
function typeCredentials(m: HTMLElement, password: string): void {
    (m.querySelector('[name="username"]') as HTMLInputElement).value = CREDS.username;
    (m.querySelector('[name="password"]') as HTMLInputElement).value = password;
    m.querySelector<HTMLButtonElement>('[data-action="save"]')?.click();
}

/**
 * Connects through the credentials modal.
 *
 * @param p the page
 * @returns the credentials modal
 */
async function connect(p: Page): Promise<HTMLElement> {
    await press(p, 'connect');
    const m = await modal(p, p.log.modals.length, 'credentials_title');
    typeCredentials(m, CREDS.password);
    await until('the credentials modal closed', () => !m.isConnected).catch((e: unknown) => {
        throw new Error(`${String(e)}; the modal says: ${m.querySelector('[data-region="credentials-error"]')?.textContent}; `
            + `reported: ${p.log.exceptions.map(String).join(' | ')}`);
    });
    return m;
}

/**
 * Confirms a run in its confirmation modal and waits for the verdict.
 *
 * @param p the page
 * @param action upgrade or revert
 * @returns whether the verdict says success
 */
async function confirmRun(p: Page, action: 'upgrade' | 'revert'): Promise<string | undefined> {
    const before = p.log.modals.length;
    await press(p, action);
    const m = await modal(p, before, `confirm_${action}_title`);
    m.querySelector<HTMLButtonElement>('[data-action="save"]')?.click();
    await until(`the ${action} verdict`, () => p.root.querySelector('[data-region="verdict-box"]') !== null, 60000);
    // The page reads both sides again after the verdict: wait for that to settle (Connect back).
    await until('the page after the run', () =>
        p.root.querySelector<HTMLButtonElement>('[data-action="connect"]')?.disabled === false);
    return p.root.querySelector<HTMLElement>('[data-region="verdict-box"]')?.dataset.success;
}

/**
 * What the page asked requirejs for beyond the modules the release has.
 *
 * @param p the page
 * @returns the ids, the plugin's own left out
 */
function fetchedCore(p: Page): string[] {
    return p.site.requested.filter((id) => !id.startsWith('tool_kalturalti13/'));
}

describe('the built page on Moodle 5.2 (no core/modal_factory, no core/modal_registry)', () => {
    it('opens every modal the page opens and never asks for a removed module', async() => {
        env = await startEnv();
        page = await openPage('5.2');
        const p = page;
        // The credentials modal: cancelled, then a wrong password (said inside it), then the right one.
        await press(p, 'connect');
        const cancelled = await modal(p, 0, 'credentials_title');
        cancelled.querySelector<HTMLButtonElement>('[data-action="cancel"]')?.click();
        await until('the cancelled modal gone', () => !cancelled.isConnected);
        await press(p, 'connect');
        const creds = await modal(p, 1, 'credentials_title');
        typeCredentials(creds, 'wrong-password');
        await until('the wrong-password error', () =>
            (creds.querySelector('[data-region="credentials-error"]')?.textContent ?? '') !== '');
        expect(creds.isConnected).toBe(true);
        typeCredentials(creds, CREDS.password);
        await until('connected', () => !creds.isConnected);
        // The plan asks for the user-id choice before Upgrade.
        await until('the plan', () => p.root.querySelector('[data-action="useridack"]') !== null);
        p.root.querySelector<HTMLInputElement>('[data-action="useridack"]')?.click();
        expect(await confirmRun(p, 'upgrade')).toBe('1');
        // Revert needs a connection again: the credentials modal, then the revert confirmation.
        await connect(p);
        expect(await confirmRun(p, 'revert')).toBe('1');
        expect(p.log.modals.map((m) => m.title)).toEqual(['credentials_title', 'credentials_title', 'confirm_upgrade_title',
            'credentials_title', 'confirm_revert_title'].map((k) => getString(k, 'tool_kalturalti13')));
        expect(p.log.exceptions).toEqual([]);
        expect(fetchedCore(p)).toEqual([]);
        expect(p.site.requested.filter((id) => REMOVED_IN_52.includes(id))).toEqual([]);
        expect(p.site.requested).toContain('tool_kalturalti13/engine-lazy');
    });

    it('opens the credentials modal of an interrupted run\'s roll back without a removed module', async() => {
        env = await startEnv();
        // A run started and left (a closed tab): the page offers resume or roll back.
        const run = await env.services.runStart('upgrade', JSON.stringify({changes: []}));
        expect(run.status).toBe('running');
        page = await openPage('5.2');
        const p = page;
        await until('the banner', () => p.root.querySelector('[data-action="rollback"]') !== null);
        p.root.querySelector<HTMLButtonElement>('[data-action="rollback"]')?.click();
        const m = await modal(p, 0, 'credentials_title');
        typeCredentials(m, CREDS.password);
        await until('the roll back\'s verdict or the banner gone', () => !m.isConnected
            && p.root.querySelector('[data-action="rollback"]') === null, 60000);
        await until('the run closed', () => p.root.querySelector<HTMLButtonElement>('[data-action="connect"]')?.disabled === false);
        expect((await env.services.runGet(run.id)).status).not.toBe('running');
        expect(p.log.exceptions).toEqual([]);
        expect(fetchedCore(p)).toEqual([]);
    });
});

describe('the harness', () => {
    it('sees a request for a module the release lacks (5.2\'s set without the static create)', async() => {
        env = await startEnv();
        page = await openPage('broken');
        const p = page;
        await press(p, 'connect');
        await until('the failed modal reported', () => p.log.exceptions.length > 0);
        expect(fetchedCore(p)).toEqual(['core/modal_factory']);
        expect(p.log.modals).toEqual([]);
    });

    it('on Moodle 4.2\'s set, opens the credentials modal through core/modal_factory', async() => {
        env = await startEnv();
        page = await openPage('4.2');
        const p = page;
        await connect(p);
        expect(p.log.factoryCreates).toBe(1);
        expect(p.log.exceptions).toEqual([]);
        expect(fetchedCore(p)).toEqual([]);
    });
});
