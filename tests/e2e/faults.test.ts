// The fault matrix on the built page in a real Moodle, through Chromium, against the KAF simulator over verified TLS
// with a single-use anti-forgery token in every form, in both layouts of the 1.3 fields. Each cell states its expected
// outcome and checks it on both sides from the simulator's and Moodle's own records, not through the page: a
// verified upgrade with both sides as planned, or both sides byte-identical to how they started. The verdict must say
// which. The matrix is printed.
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {request} from 'node:https';
import type {Browser, Page} from 'playwright-core';
import {startKafSim, type KafSim} from '../../tools/kafsim/server';
import type {CertKind} from '../../tools/kafsim/tls';
import {expectReadableReport, openReport} from './report';
import {confirmModal, connect, enterCredentials, errorLogSize, kafAdmin, launch, login, gotoTool, pluginLogProblems,
    readSite, resetSite, setReadOnlySessions, verdict} from './harness';

type Layout = 'hidden' | 'after-save';
type Expect = 'verified' | 'restored' | 'incomplete';
const LAYOUTS: Layout[] = ['hidden', 'after-save'];
const HOSTED = '/admin/config/tab/hosted';
/** A test that runs many cells, each a whole run in the browser. */
const LONG = 40 * 60 * 1000;
// The whole matrix runs on the release most sites run (4.5 LTS, the default); on 5.1, 4.2 (and 4.3 on demand) the
// browser tier runs the revert-then-upgrade round, the certificates and one session expiry per action and layout,
// which keeps the three releases inside CI's time.
const FULL_MATRIX = (process.env.MOODLE_VERSION ?? '4.5.6').startsWith('4.5.');

let browser: Browser;
/** The one page every cell uses (one browser, one Moodle login). */
const ui = {} as {page: Page};
const sims = new Map<Layout, KafSim>();
const rows: string[] = [];

/**
 * One line of the printed matrix.
 *
 * @param layout the layout
 * @param cell what the cell does
 * @param expected what it must end as
 * @param got what it ended as
 */
function record(layout: Layout, cell: string, expected: string, got: string): void {
    const row = `${layout.padEnd(11)}${cell.padEnd(52)}${expected.padEnd(10)}${got}`;
    rows.push(row);
    // Also as it happens: a long matrix shows its progress.
    console.log('matrix: ' + row);
}

/** Where the site's error log stood before the first cell. */
let logMark = 0;

beforeAll(async() => {
    logMark = errorLogSize();
    for (const layout of LAYOUTS) {
        sims.set(layout, await startKafSim({port: 0, tls: true, csrf: 'render', lti13Fields: layout}));
    }
    browser = await launch();
    ui.page = await (await browser.newContext({viewport: {width: 1280, height: 1000}})).newPage();
    await login(ui.page);
});

afterAll(async() => {
    console.log('\nE2E fault matrix (real Moodle, built ui.page, verified TLS, single-use form tokens)\n'
        + 'layout     cell                                                expected  outcome (verdict)\n' + rows.join('\n'));
    await browser?.close();
    for (const s of sims.values()) {
        await s.close();
    }
});

/**
 * Puts both sides back to an LTI 1.1 site and reloads the ui.page.
 *
 * @param kaf the simulator
 */
async function fresh(kaf: KafSim): Promise<void> {
    kaf.clearFaults();
    kaf.reset();
    resetSite({kaf_uri: kaf.url});
    await gotoTool(ui.page);
}

/**
 * Both sides as they are now, from their own records.
 *
 * @param kaf the simulator
 * @returns KAF's Hosted values and Moodle's Kaltura settings
 */
function sides(kaf: KafSim): {hosted: Record<string, string>; moodle: Record<string, string>} {
    return {hosted: kaf.values('hosted'), moodle: readSite().config};
}

/**
 * Clicks a run's button, confirms, waits for the verdict.
 *
 * @param action upgrade or revert
 * @returns the verdict
 */
async function run(action: 'upgrade' | 'revert'): Promise<{success: boolean; text: string}> {
    await ui.page.click(`[data-action="${action}"]`);
    await confirmModal(ui.page);
    return verdict(ui.page);
}

/**
 * Runs an unfaulted upgrade or revert that must be verified; a failure names what the verdict said.
 *
 * @param action upgrade or revert
 */
async function runVerified(action: 'upgrade' | 'revert'): Promise<void> {
    const v = await run(action);
    expect(v.success, `an unfaulted ${action}: ${v.text}`).toBe(true);
}

/**
 * The Status badges, side by side.
 *
 * @returns their texts
 */
async function status(): Promise<string[]> {
    return (await ui.page.locator('[data-region="status"] dd').allInnerTexts()).map((s) => s.trim());
}

/**
 * Asserts a verified upgrade: planned fields as planned on both sides, every other Hosted field as it was.
 *
 * @param kaf the simulator
 * @param before both sides before
 * @param before.hosted KAF's Hosted values
 */
function expectUpgraded(kaf: KafSim, before: {hosted: Record<string, string>}): void {
    const s = readSite();
    const h = kaf.values('hosted');
    expect(h.authMethod).toBe('lti1.3');
    expect(h.lti13PlatformOidcAuthUrl).toBe(`${s.wwwroot}/local/kaltura/auth.php`);
    expect(h.lti13ClientId).toBe(s.config.client_id);
    expect(h.lti13ServicePublicKey).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    const planned = ['authMethod', 'lti13PlatformOidcAuthUrl', 'lti13AuthTokenUrl', 'lti13KeysUrl', 'lti13ClientId',
        'lti13ServicePrivateKey', 'lti13ServicePublicKey'];
    const rest = (v: Record<string, string>): Record<string, string> =>
        Object.fromEntries(Object.entries(v).filter(([k]) => !planned.includes(k)));
    expect(rest(h)).toEqual(rest(before.hosted));
    expect(s.config.lti_version).toBe('1.3.0');
}

/**
 * The KAF requests a run makes, counted from the simulator's log: an unfaulted run from a fresh ui.page.
 *
 * @param kaf the simulator
 * @param action upgrade or revert (a revert first needs an upgrade)
 * @returns how many requests the run sent
 */
async function countRequests(kaf: KafSim, action: 'upgrade' | 'revert'): Promise<number> {
    await fresh(kaf);
    if (action === 'revert') {
        await connect(ui.page);
        await runVerified('upgrade');
        await gotoTool(ui.page);
    }
    await connect(ui.page);
    const start = kaf.state().log.length;
    await runVerified(action);
    return kaf.state().log.length - start;
}

interface Cell {
    name: string;
    action: 'upgrade' | 'revert';
    expect: Expect;
    /** Arms the fault once the page is connected (right before the click). */
    arm(kaf: KafSim): void;
}

/**
 * Records every state the step list shows from now on (each render), as {step: status}.
 *
 * @param page the page
 */
async function watchSteps(page: Page): Promise<void> {
    await page.evaluate(() => {
        const w = window as unknown as {stepViews: Array<Record<string, string>>};
        w.stepViews = [];
        const region = document.querySelector('[data-region="steps"]');
        if (region) {
            new MutationObserver(() => w.stepViews.push(Object.fromEntries([...region.querySelectorAll('[data-step]')]
                .map((e) => [e.getAttribute('data-step') ?? '', e.getAttribute('data-status') ?? ''])))).observe(region,
                {childList: true, subtree: true, attributes: true});
        }
    });
}

/**
 * The step-list states recorded by watchSteps where one save shows done beside the other failed while the outcome
 * is still open (the rollback not ended).
 *
 * @param page the page
 * @returns those states
 */
async function halfDoneViews(page: Page): Promise<Array<Record<string, string>>> {
    const views = await page.evaluate(() => (window as unknown as {stepViews: Array<Record<string, string>>}).stepViews);
    return views.filter((v) => ((v.kaf === 'failed' && v.moodle === 'done') || (v.moodle === 'failed' && v.kaf === 'done'))
        && v.rollback !== 'done' && v.rollback !== 'failed');
}

/**
 * Runs one cell: fresh sides, connect, arm, run; then the expected outcome on both sides, the verdict and the Status.
 *
 * @param layout the layout
 * @param cell the cell
 */
async function runCell(layout: Layout, cell: Cell): Promise<void> {
    const kaf = sims.get(layout) as KafSim;
    await fresh(kaf);
    if (cell.action === 'revert') {
        await connect(ui.page);
        await runVerified('upgrade');
        await gotoTool(ui.page);
    }
    await connect(ui.page);
    const before = sides(kaf);
    cell.arm(kaf);
    await watchSteps(ui.page);
    const v = await run(cell.action);
    kaf.clearFaults();
    // The saves run side by side: the list never shows one done beside the other failed while the rollback is to come.
    expect(await halfDoneViews(ui.page), cell.name).toEqual([]);
    const title = (await ui.page.locator('[data-region="verdict-box"] .alert-heading').innerText()).trim();
    record(layout, `${cell.action}: ${cell.name}`, cell.expect, `${v.success ? 'verified' : 'not verified'} (${title})`);
    // Status is read again after the run, once the page has re-rendered it: it shows what both sides now hold.
    await ui.page.waitForFunction(() => document.querySelector('[data-region="status"] [data-side-known="true"]') !== null);
    if (cell.expect === 'verified') {
        expect(v.success, v.text).toBe(true);
        expect(v.text).toMatch(cell.action === 'upgrade' ? /Upgraded to LTI 1\.3 and verified/
            : /Reverted to LTI 1\.1 and verified/);
        if (cell.action === 'upgrade') {
            expectUpgraded(kaf, before);
            await expect.poll(status, {timeout: 15000}).toEqual(['LTI 1.3', 'LTI 1.3']);
        } else {
            expect(kaf.values('hosted')).toEqual({...before.hosted, authMethod: 'lti'});
            expect(readSite().config.lti_version).toBe('LTI-1p0');
            await expect.poll(status, {timeout: 15000}).toEqual(['LTI 1.1', 'LTI 1.1']);
        }
    } else if (cell.expect === 'incomplete') {
        // KAF hides a field the run changed: everything else is put back (KAF on 1.1, Moodle as before) and the
        // verdict names the field to set by hand.
        expect(v.success, v.text).toBe(false);
        expect(v.text).toMatch(/rollback was incomplete/);
        expect(v.text).toMatch(/lti13ClientId/);
        expect(kaf.values('hosted').authMethod).toBe(before.hosted.authMethod);
        expect(readSite().config).toEqual(before.moodle);
    } else {
        expect(v.success, v.text).toBe(false);
        expect(v.text).toMatch(/everything was put back|stopped before it changed anything/);
        expect(sides(kaf)).toEqual(before);
        // Beside the red verdict no Upgrade looks ready: Connect, the next step, says so.
        const connectButton = ui.page.locator('[data-action="connect"]');
        await expect.poll(() => connectButton.innerText(), {timeout: 15000}).toBe('Connect to KAF again');
        expect(await ui.page.locator('[data-action="upgrade"]').getAttribute('class')).not.toContain('btn-primary');
        expect(await ui.page.locator('[data-region="upgrade-reason"]').innerText()).toContain('Connect to KAF again');
        const was13 = cell.action === 'revert';
        await expect.poll(status, {timeout: 15000}).toEqual(was13 ? ['LTI 1.3', 'LTI 1.3'] : ['LTI 1.1', 'LTI 1.1']);
    }
    expect(readSite().runs.find((r) => r.status === 'running')).toBeUndefined();
    if (cell.expect !== 'verified') {
        await expectFailureReport(cell.expect);
    }
}

/**
 * The report of the run that just failed: the cause said as what happened (never "is being undone"), how it ended,
 * and for an incomplete rollback the fields to set by hand.
 *
 * @param outcome how the cell ended
 */
async function expectFailureReport(outcome: 'restored' | 'incomplete'): Promise<void> {
    await openReport(ui.page);
    const status = await ui.page.locator('[data-region="report"]').getAttribute('data-status');
    let text: string;
    if (outcome === 'incomplete') {
        text = await expectReadableReport(ui.page, 'rollbackfailed', [/The changes were not all undone/, /lti13ClientId/]);
        expect(await ui.page.locator('[data-region="report-tofix"] tr[data-field="lti13ClientId"]').count()).toBe(1);
    } else if (status === 'failed') {
        text = await expectReadableReport(ui.page, 'failed', [/Nothing was changed: the run stopped before its first change\./]);
    } else {
        text = await expectReadableReport(ui.page, 'rolledback', [/Every change was undone/,
            /KAF Hosted: every field is as it was before the run\./]);
    }
    expect(text).not.toMatch(/being undone/);
    expect(await ui.page.locator('[data-region="report-cause"]').innerText()).not.toBe('');
}

/**
 * The OIDC login initiation at KAF, as Moodle's launch starts it: KAF must send the browser to Moodle's auth.php
 * with Moodle's client id.
 *
 * @param kaf the simulator
 * @returns where KAF redirects
 */
function oidcInit(kaf: KafSim): Promise<URL> {
    const s = readSite();
    const q = new URLSearchParams({iss: s.wwwroot, login_hint: '2', target_link_uri: `${kaf.url}/hosted/index/oauth2-launch`,
        lti_message_hint: 'x', client_id: s.config.client_id ?? ''});
    return new Promise((resolve, reject) => {
        const req = request(`${kaf.url}/hosted/index/oidc-init?${q}`, {ca: kaf.caPem ?? '', agent: false}, (res) => {
            res.resume();
            res.on('end', () => resolve(new URL(res.headers.location ?? 'about:blank')));
        });
        req.on('error', reject);
        req.end();
    });
}

describe('KAF certificates a site must refuse', () => {
    for (const kind of ['untrusted', 'expired', 'wrongname'] as CertKind[]) {
        it(`refuses a ${kind} certificate with the TLS message and changes nothing`, async() => {
            const kaf = sims.get('hidden') as KafSim;
            await fresh(kaf);
            const before = sides(kaf);
            kaf.setCertificate(kind);
            try {
                await enterCredentials(ui.page, kafAdmin);
                const error = ui.page.locator('.modal.show [data-region="credentials-error"]');
                await expect.poll(async() => (await error.innerText()).length, {timeout: 30000}).toBeGreaterThan(10);
                const text = await error.innerText();
                record('hidden', `connect: ${kind} certificate`, 'refused', text.slice(0, 60));
                expect(text).toMatch(/certificate|TLS/i);
                await ui.page.locator('.modal.show [data-action="cancel"]').click();
            } finally {
                kaf.setCertificate('good');
            }
            expect(sides(kaf)).toEqual(before);
            expect(readSite().runs).toEqual([]);
        });
    }
});

for (const layout of LAYOUTS) {
    describe(`the page under faults, 1.3 fields ${layout}`, () => {
        it('revert then upgrade again, each upgrade answering a launch-shaped oidc-init', async() => {
            const kaf = sims.get(layout) as KafSim;
            await fresh(kaf);
            for (let round = 0; round < 2; round++) {
                await connect(ui.page);
                await runVerified('upgrade');
                const loc = await oidcInit(kaf);
                expect(`${loc.origin}${loc.pathname}`).toBe(`${readSite().wwwroot}/local/kaltura/auth.php`);
                expect(loc.searchParams.get('client_id')).toBe(readSite().config.client_id);
                expect(loc.searchParams.get('redirect_uri')).toBe(`${kaf.url}/hosted/index/oauth2-launch`);
                await gotoTool(ui.page);
                await connect(ui.page);
                const r = await run('revert');
                expect(r.success, r.text).toBe(true);
                expect(kaf.values('hosted').authMethod).toBe('lti');
                if (round === 0) {
                    // The revert's report: no key made, the steps and checks as sentences, no user-id section.
                    await openReport(ui.page);
                    await expectReadableReport(ui.page, 'completed', [/revert to LTI 1\.1/,
                        /Every planned change was made and verified\./, /No keys are needed\./,
                        /KAF's Hosted module was saved with the planned values/]);
                    expect(await ui.page.locator('[data-region="report-userid"]').count()).toBe(0);
                }
                await gotoTool(ui.page);
            }
            record(layout, 'revert then upgrade again (x2), oidc-init', 'verified', 'verified');
        });

        if (!FULL_MATRIX) {
            // The other releases: the same page under one session expiry in the middle of an upgrade and of a revert.
            it('a session that expires in the middle of an upgrade and of a revert', async() => {
                const kaf = sims.get(layout) as KafSim;
                for (const action of ['upgrade', 'revert'] as const) {
                    const n = await countRequests(kaf, action);
                    const k = Math.ceil(n / 2);
                    await runCell(layout, {name: `session expires before request ${k}/${n}`, action, expect: 'verified',
                        arm: (s) => s.addFaults({kind: 'session-expire', afterRequests: k - 1})});
                }
            }, LONG);
            return;
        }

        it('faults that persist, a reset under TLS, a hang past the timeout, a changed form', async() => {
            const cells: Cell[] = [
                {name: '503 always on the backup', action: 'upgrade', expect: 'restored',
                    arm: (s) => s.addFaults({kind: 'status', status: 503, pathPrefix: '/admin/config/backup', count: 'always'})},
                {name: '503 always on every Hosted save', action: 'upgrade', expect: 'restored',
                    arm: (s) => s.addFaults({kind: 'status', status: 503, path: HOSTED, method: 'POST', count: 'always'})},
                {name: '503 always on the key set (verify)', action: 'upgrade', expect: 'restored',
                    arm: (s) => s.addFaults({kind: 'status', status: 503, path: '/hosted/index/lti-advantage-key-set',
                        count: 'always'})},
                {name: '502 after the save landed, always', action: 'upgrade', expect: 'restored',
                    arm: (s) => s.addFaults({kind: 'status', status: 502, path: HOSTED, method: 'POST', afterApply: true,
                        count: 'always'})},
                {name: '502 after the save landed, once', action: 'upgrade', expect: 'verified',
                    arm: (s) => s.addFaults({kind: 'status', status: 502, path: HOSTED, method: 'POST', afterApply: true})},
                {name: 'TCP reset after the save landed (TLS), once', action: 'upgrade', expect: 'verified',
                    arm: (s) => s.addFaults({kind: 'reset', path: HOSTED, method: 'POST', afterApply: true})},
                {name: 'TCP reset on every Hosted save (TLS)', action: 'upgrade', expect: 'restored',
                    arm: (s) => s.addFaults({kind: 'reset', path: HOSTED, method: 'POST', count: 'always'})},
                {name: 'hang past the timeout on the key set, once', action: 'upgrade', expect: 'verified',
                    arm: (s) => s.addFaults({kind: 'hang', path: '/hosted/index/lti-advantage-key-set'})},
                // The snapshot's read meets the page without the field: where the 1.3 fields are always in the form
                // the run stops before it changes anything; where they appear only under 1.3 the read is not hurt.
                {name: 'Hosted form missing lti13ClientId once', action: 'upgrade',
                    expect: layout === 'hidden' ? 'restored' : 'verified',
                    arm: (s) => s.addFaults({kind: 'form-missing-field', module: 'hosted', field: 'lti13ClientId'})},
                // From the run's second Hosted page on (the save's answer, after the snapshot), a 1.3 field is gone for
                // good. Where one save sets it, the rollback cannot see it, puts back everything else (KAF on 1.1) and
                // says which field to set; where it appears only after the first save, it was never saved: restored.
                {name: 'Hosted form missing lti13ClientId always', action: 'upgrade',
                    expect: layout === 'hidden' ? 'incomplete' : 'restored',
                    arm: (s) => s.addFaults({kind: 'form-missing-field', module: 'hosted', field: 'lti13ClientId', nth: 2,
                        count: 'always'})},
                // KAF's Save button relabelled: still found by its class, as a person finds it by its place.
                {name: 'Save relabelled on the Hosted form', action: 'upgrade', expect: 'verified',
                    arm: (s) => s.addFaults({kind: 'form-save-label', module: 'hosted', label: 'Store', count: 'always'})},
                {name: '503 always on the Hosted save of a revert', action: 'revert', expect: 'restored',
                    arm: (s) => s.addFaults({kind: 'status', status: 503, path: HOSTED, method: 'POST', count: 'always'})},
            ];
            for (const cell of cells) {
                await runCell(layout, cell);
            }
        }, LONG);
        it('a session that expires before the k-th KAF request, for every k of an upgrade and of a revert', async() => {
            const kaf = sims.get(layout) as KafSim;
            for (const action of ['upgrade', 'revert'] as const) {
                const n = await countRequests(kaf, action);
                expect(n).toBeGreaterThan(3);
                for (let k = 1; k <= n; k++) {
                    await runCell(layout, {name: `session expires before request ${k}/${n}`, action, expect: 'verified',
                        arm: (s) => s.addFaults({kind: 'session-expire', afterRequests: k - 1})});
                }
            }
        }, LONG);

        it('a 5xx once on the k-th KAF request of an upgrade, for every k', async() => {
            const kaf = sims.get(layout) as KafSim;
            const n = await countRequests(kaf, 'upgrade');
            for (let k = 1; k <= n; k++) {
                await runCell(layout, {name: `503 once on request ${k}/${n}`, action: 'upgrade', expect: 'verified',
                    arm: (s) => s.addFaults({kind: 'status', status: 503, nth: k})});
            }
        }, LONG);

    });
}

// Moodle's read-only sessions: our functions never write the session, so Moodle may serve them without its lock
// (docs/shim.md). On 4.5 only: 4.3.0 logs READ_ONLY_SESSION lines for every read-only call, a core bug of that release.
describe.runIf(FULL_MATRIX)('with Moodle read-only sessions on ($CFG->enable_read_only_sessions)', () => {
    // A Moodle session started before the switch keeps its session caches in itself, which Moodle refuses under
    // read-only sessions: the cells run in a new browser context with a new login, as a site would after the switch.
    let before: Page;
    beforeAll(async() => {
        await setReadOnlySessions(true);
        before = ui.page;
        ui.page = await (await browser.newContext({viewport: {width: 1280, height: 1000}})).newPage();
        await login(ui.page);
    });
    afterAll(async() => {
        await ui.page.context().close();
        ui.page = before;
        await setReadOnlySessions(false);
    });

    it('upgrades and verifies, also when the KAF session expires in the middle, with nothing in the error log', async() => {
        const kaf = sims.get('hidden') as KafSim;
        const mark = errorLogSize();
        await runCell('hidden', {name: 'read-only sessions: upgrade', action: 'upgrade', expect: 'verified', arm: () => undefined});
        const n = await countRequests(kaf, 'upgrade');
        const k = Math.ceil(n / 2);
        await runCell('hidden', {name: `read-only sessions: session expires before request ${k}/${n}`, action: 'upgrade',
            expect: 'verified', arm: (sim) => sim.addFaults({kind: 'session-expire', afterRequests: k - 1})});
        expect(pluginLogProblems(mark)).toEqual([]);
    }, LONG);
});

describe.runIf(FULL_MATRIX)('the error log after every cell above', () => {
    it('holds no PHP warning, notice or debugging from this plugin, and no read-only session complaint', () => {
        // The log is there and was written to by this run's requests (PHP-FPM notes each worker it starts).
        expect(errorLogSize()).toBeGreaterThan(0);
        expect(pluginLogProblems(logMark)).toEqual([]);
    });
});
