// The browser tests' harness: a real Moodle (scripts/moodle.sh serve), the KAF simulator over TLS, and Debian's
// Chromium driven by playwright-core.
import {execFile, execFileSync} from 'node:child_process';
import {existsSync, mkdirSync, readFileSync, statSync} from 'node:fs';
import path from 'node:path';
import {chromium, type Browser, type Page} from 'playwright-core';
import {startKafSim, type KafSim} from '../../tools/kafsim/server';

export const root = path.resolve(__dirname, '../..');
export const moodleUrl = process.env.MOODLE_URL ?? 'http://127.0.0.1:8405'; // Set by scripts/live-site.sh.
export const moodleDir = process.env.MOODLE_DIR ?? '';
/** Moodle's $CFG->dirroot, where the plugins live: the tree, or its public/ folder from Moodle 5.1 on. */
export const moodleDirroot = process.env.MOODLE_DIRROOT ?? moodleDir;
export const admin = {username: 'admin', password: process.env.MOODLE_ADMIN_PASS ?? 'Admin-1234'};
export const kafAdmin = {username: 'admin@example.com', password: 'kafsim-admin'};
export const artifacts = path.join(root, 'test-results', 'e2e');

export interface SiteRead {
    config: Record<string, string>;
    log: Array<{name: string; oldvalue: string | null; value: string}>;
    runs: Array<{id: number; kind: string; status: string}>;
    wwwroot: string;
    /** The grade tools the tests made (named "E2E ..."). */
    tooltypes: Array<{id: number; name: string; ltiversion: string; clientid: string; config: Record<string, string>}>;
}

/**
 * Runs the site helper (tests/e2e/site.php) against the test Moodle.
 *
 * @param args its arguments
 * @returns its JSON answer
 */
export function site(...args: string[]): unknown {
    const out = execFileSync('php', [path.join(__dirname, 'site.php'), moodleDir, ...args], {encoding: 'utf8'});
    return lastJson(out);
}

/**
 * Runs the site helper without waiting for it, so that several run at once.
 *
 * @param args its arguments
 * @returns its JSON answer
 */
export function siteAsync(...args: string[]): Promise<unknown> {
    return new Promise((resolve, reject) => {
        execFile('php', [path.join(__dirname, 'site.php'), moodleDir, ...args], {encoding: 'utf8'}, (err, out) => {
            if (err) {
                reject(err);
            } else {
                resolve(lastJson(out));
            }
        });
    });
}

/**
 * The helper's answer: its last line of output, as JSON.
 *
 * @param out what it printed
 * @returns the answer
 */
function lastJson(out: string): unknown {
    return JSON.parse(out.trim().split('\n').pop() ?? '{}');
}

/**
 * Puts Moodle's Kaltura settings back to an LTI 1.1 integration and forgets earlier runs.
 *
 * @param settings settings to set (kaf_uri at least)
 */
export function resetSite(settings: Record<string, string>): void {
    site('reset', JSON.stringify(settings));
}

/**
 * Makes a Video Quiz grade tool on LTI 1.1 (an External tool type) and one activity using it.
 *
 * @param name its name (stored as "E2E name")
 * @param baseurl its URL (on the KAF host)
 * @returns its id
 */
export function addToolType(name: string, baseurl: string): number {
    return (site('tooltype', JSON.stringify({name, baseurl})) as {id: number}).id;
}

/**
 * Makes a finished run of the admin's through the plugin's journal.
 *
 * @returns its id
 */
export function addRun(): number {
    return (site('run') as {id: number}).id;
}

/**
 * Sets the site's theme.
 *
 * @param theme boost or classic
 */
export function setTheme(theme: 'boost' | 'classic'): void {
    site('theme', theme);
}

/**
 * Switches Moodle's read-only sessions on or off ($CFG->enable_read_only_sessions, session caches in a file store).
 *
 * @param on on or off
 */
export async function setReadOnlySessions(on: boolean): Promise<void> {
    site('readonly', on ? 'on' : 'off');
    // The switch rewrites Moodle's cache configuration (moodledata/muc/config.php), which PHP-FPM's OPcache keeps
    // compiled until it looks at the file's time again, opcache.revalidate_freq seconds later (2, PHP's default and this
    // site's); the CLI cannot drop PHP-FPM's copy. A request in between runs with read-only sessions but the old cache
    // mapping, puts a session cache into the session, and Moodle then refuses that session for good.
    await new Promise((resolve) => setTimeout(resolve, 3000));
}

/** PHP-FPM's log of the test site (scripts/moodle.sh): PHP's errors and Moodle's debugging of every web request. */
export const errorLogPath = path.join(moodleDir, '..', 'run', 'php-fpm.log');

/**
 * How long the site's error log is now, to read what comes after.
 *
 * @returns its size in bytes
 */
export function errorLogSize(): number {
    return existsSync(errorLogPath) ? statSync(errorLogPath).size : 0;
}

/**
 * The lines written to the site's error log since a size, that are this plugin's PHP warnings, notices or
 * debugging, or Moodle's complaint about a read-only session that changed the session.
 *
 * @param since size from errorLogSize()
 * @returns the lines
 */
export function pluginLogProblems(since: number): string[] {
    const text = existsSync(errorLogPath) ? readFileSync(errorLogPath).subarray(since).toString('utf8') : '';
    return text.split('\n').filter((line) => /READ_ONLY_SESSION/.test(line)
        || (/kalturalti13/.test(line) && /PHP (Warning|Notice|Deprecated|Fatal|Parse)|Debugging|debugging|Exception/i.test(line)));
}

/**
 * Reads Moodle's Kaltura settings, their config log and the runs.
 *
 * @returns what the site holds
 */
export function readSite(): SiteRead {
    return site('read') as SiteRead;
}

/**
 * Starts the KAF simulator over TLS on loopback (the plugin's door allows it only with the test flag).
 *
 * @param lti13Fields how KAF shows its 1.3 fields: hidden in the form, or only once 1.3 is saved
 * @returns the simulator
 */
export async function startKaf(lti13Fields: 'hidden' | 'after-save' = 'hidden'): Promise<KafSim> {
    return startKafSim({port: 0, tls: true, csrf: true, lti13Fields});
}

/**
 * Launches Debian's Chromium headless, as root, with the flags this machine's closed network needs.
 *
 * @returns the browser
 */
export async function launch(): Promise<Browser> {
    mkdirSync(artifacts, {recursive: true});
    return chromium.launch({
        executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
        headless: true,
        args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
            '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
    });
}

/**
 * Logs in to Moodle on a page through the login form.
 *
 * @param page a page (of a fresh browser context)
 * @param who username and password; the admin by default
 */
export async function login(page: Page, who: {username: string; password: string} = admin): Promise<void> {
    // The login page's own ajax (core's media_videojs_get_language, made with the guest session) must have ended
    // before the form is posted: answered after the login, it can put back the old session and log the user out.
    await page.goto(`${moodleUrl}/login/index.php`, {waitUntil: 'networkidle'});
    await page.fill('#username', who.username);
    await page.fill('#password', who.password);
    await Promise.all([page.waitForNavigation(), page.click('#loginbtn')]);
    await page.waitForLoadState('networkidle');
    if (new URL(page.url()).pathname.startsWith('/login/')) {
        throw new Error(`the login of ${who.username} did not hold: ${page.url()}`);
    }
}

/**
 * Opens the upgrade page, ready when the checklist is shown.
 *
 * @param page a logged-in page
 */
export async function gotoTool(page: Page): Promise<void> {
    await page.goto(`${moodleUrl}/admin/tool/kalturalti13/index.php`);
    try {
        await page.waitForSelector('[data-region="root"][data-ready="1"]', {timeout: 30000});
    } catch (e) {
        // Say where the page stood, not only that it never became ready.
        const text = (await page.locator('body').innerText().catch(() => '')).replace(/\s+/g, ' ').slice(0, 400);
        throw new Error(`the upgrade page was not ready at ${page.url()}: ${text}`, {cause: e});
    }
}

/**
 * Logs in to Moodle as the admin, in a new browser context, and opens the upgrade page.
 *
 * @param browser the browser
 * @returns the page
 */
export async function openTool(browser: Browser): Promise<Page> {
    const context = await browser.newContext({viewport: {width: 1280, height: 1000}});
    const page = await context.newPage();
    await login(page);
    await gotoTool(page);
    return page;
}

/**
 * Moodle's page configuration (M.cfg) as the page sees it.
 *
 * @param page a Moodle page
 * @returns its sesskey and theme
 */
export async function moodleCfg(page: Page): Promise<{sesskey: string; theme: string}> {
    return page.evaluate(() => {
        const cfg = (window as unknown as {M: {cfg: {sesskey: string; theme: string}}}).M.cfg;
        return {sesskey: cfg.sesskey, theme: cfg.theme};
    });
}

/**
 * Opens the credentials modal, types the KAF credentials and submits them.
 *
 * @param page the page
 * @param creds the credentials
 * @param via the button that asks for them (connect, resume or rollback)
 */
export async function enterCredentials(page: Page, creds: {username: string; password: string},
        via = '[data-action="connect"]'): Promise<void> {
    await page.click(via);
    const modal = page.locator('.modal.show');
    await modal.locator('input[name="username"]').waitFor();
    await modal.locator('input[name="username"]').fill(creds.username);
    await modal.locator('input[name="password"]').fill(creds.password);
    await modal.locator('[data-action="save"]').click();
}

/**
 * Connects to KAF and waits for the plan.
 *
 * @param page the page
 */
export async function connect(page: Page): Promise<void> {
    await enterCredentials(page, kafAdmin);
    await page.waitForSelector('.modal.show', {state: 'detached', timeout: 30000});
    await page.waitForSelector('[data-region="plan"] table, [data-region="plan-empty"]', {timeout: 30000});
    // Until the run's first KAF page, opened once connected, is there: a fault armed next meets the run, not it.
    await page.waitForFunction(() => !((window as unknown as {M?: {util?: {pending_js?: unknown[]}}}).M?.util?.pending_js
        ?? []).includes('tool_kalturalti13/backupopen'), undefined, {timeout: 30000});
    // The simulator's users would get new Kaltura ids (user_id under 1.1, the username under 1.3): the page asks for an
    // informed choice before Upgrade is enabled. The tests accept the loss, as an administrator would: the "accept"
    // radio where the page can also keep them (KAF showing its 1.3 fields only after the switch), else the checkbox.
    for (const control of ['[data-action="useridchoice"][value="accept"]', '[data-action="useridack"]']) {
        const input = page.locator(control);
        if (await input.count() > 0 && !await input.isChecked()) {
            await input.check();
            await page.waitForSelector(`${control}:checked`, {timeout: 30000});
        }
    }
}

/**
 * Confirms the modal that is open.
 *
 * @param page the page
 */
export async function confirmModal(page: Page): Promise<void> {
    await page.locator('.modal.show [data-action="save"]').click();
}

/**
 * Waits for a run's verdict.
 *
 * @param page the page
 * @returns whether it says success, and its text
 */
export async function verdict(page: Page): Promise<{success: boolean; text: string}> {
    const box = page.locator('[data-region="verdict-box"]');
    await box.waitFor({timeout: 90000});
    // The verdict shows as soon as it is known; the run is closed on the server just after, under the page's
    // core/pending mark: what a test reads next is the record after that.
    await page.waitForFunction(() => ((window as unknown as {M?: {util?: {pending_js?: unknown[]}}}).M?.util?.pending_js
        ?? []).every((p) => p !== 'tool_kalturalti13/run'), undefined, {timeout: 30000});
    return {success: (await box.getAttribute('data-success')) === '1', text: await box.innerText()};
}

/**
 * Saves a screenshot of the page as a test artifact.
 *
 * @param page the page
 * @param name file name without extension
 */
export async function screenshot(page: Page, name: string): Promise<void> {
    // A viewport as tall as the page, rather than fullPage, so Moodle's fixed navbar is drawn once, at the top.
    const size = page.viewportSize() ?? {width: 1280, height: 1000};
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    await page.setViewportSize({width: size.width, height: Math.min(Math.max(height, 600), 4000)});
    await page.screenshot({path: path.join(artifacts, `${name}.png`)});
    await page.setViewportSize(size);
}
