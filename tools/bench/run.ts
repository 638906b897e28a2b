// One measured upgrade in the real page: a fresh browser context, log in, open the tool, connect, click Upgrade,
// confirm, and read what happened (page marks, the simulator's request log, the page's Moodle ajax requests, the
// run's journal).
import type {Browser} from 'playwright-core';
import type {KafSim} from '../kafsim/server';
import {ajaxMethods, countMethods} from './ajax';
import {median, sequentialTrips, tripGroups, type Interval} from './analyse';

/** The browser tests' harness, imported at run time (after __dirname is set, see main.ts). */
export type Harness = typeof import('../../tests/e2e/harness');

export interface RunSample {
    latency: number;
    ok: boolean;
    wallMs: number;
    kafRequests: number;
    kafTrips: number;
    /** The sequential KAF round trips, in order: the requests of each. */
    kafGroups: string[];
    ajaxCalls: number;
    ajaxMethods: number;
    ajaxTrips: number;
    /** Median time of one Moodle ajax call (request sent to response read), ms. */
    ajaxMedianMs: number;
    /** How often each shim function was called. */
    ajaxByMethod: Record<string, number>;
    keysStepMs: number | null;
    steps: Array<{name: string; status: string; durationms: number}>;
    /** The forge module's code came over the network (on its own or inside Moodle's combined AMD answer). */
    forgeFetched: boolean;
    /** The page instantiated the forge module (requirejs defined it). */
    forgeLoaded: boolean;
    secureContext: boolean;
    preflightReadyMs: number;
    /** Navigation start to the first byte of index.php (Moodle building the page), ms. */
    preflightResponseStartMs: number;
    /** Navigation start to DOMContentLoaded, ms. */
    preflightDomReadyMs: number;
    firstCheckMs: number;
}

// Installed in every page of a context: marks when the checklist is shown, when the confirm button is clicked
// and when the verdict appears, on the page's own clock (performance.now(), 0 = navigation start).
const MARKS = `(() => {
    const b = window.__bench = {ready: null, firstCheck: null, click: null, verdict: null};
    document.addEventListener('click', (e) => {
        const t = e.target instanceof Element ? e.target.closest('.modal.show [data-action="save"]') : null;
        if (t && b.click === null) { b.click = performance.now(); }
    }, true);
    const look = () => {
        const now = performance.now();
        if (b.firstCheck === null && document.querySelector('[data-check]')) { b.firstCheck = now; }
        if (b.ready === null && document.querySelector('[data-region="root"][data-ready="1"]')) { b.ready = now; }
        if (b.click !== null && b.verdict === null && document.querySelector('[data-region="verdict-box"]')) {
            b.verdict = now;
        }
    };
    new MutationObserver(look).observe(document, {subtree: true, childList: true, attributes: true});
})();`;

/**
 * Watches the page's requests to /lib/ajax/service.php once armed: one interval per HTTP request (for the sequential
 * count), and the web service functions each one carries (several when core/ajax batched them).
 *
 * @param page the page
 * @returns arm() to start counting, and the figures so far
 */
function watchAjax(page: import('playwright-core').Page):
        {arm: () => void; intervals: Array<Interval & {label: string}>; methods: string[][]} {
    const intervals: Array<Interval & {label: string}> = [];
    const methods: string[][] = [];
    const started = new Map<object, {t: number; label: string}>();
    let armed = false;
    page.on('request', (r) => {
        if (armed && r.url().includes('/lib/ajax/service.php')) {
            const names = ajaxMethods(r.url(), r.postData());
            started.set(r, {t: Date.now(), label: names.map((n) => n.replace('tool_kalturalti13_', '')).join(',')});
            methods.push(names);
        }
    });
    page.on('requestfinished', (r) => {
        const s = started.get(r);
        if (s !== undefined) {
            intervals.push({start: s.t, end: Date.now(), label: s.label});
        }
    });
    return {arm: () => {
        armed = true;
    }, intervals, methods};
}

/**
 * Prints one run's requests in time order (BENCH_TIMELINE=1): each Moodle ajax request with the calls it carries,
 * and each KAF request the simulator saw, as start-end ms after the Upgrade click.
 *
 * @param latency the KAF latency
 * @param t0 the click (about)
 * @param ajax the ajax requests
 * @param kaf the KAF requests
 */
function printTimeline(latency: number, t0: number, ajax: Array<Interval & {label: string}>,
        kaf: Array<Interval & {label: string}>): void {
    const rows = [...ajax.map((a) => ({...a, kind: 'ajax'})), ...kaf.map((k) => ({...k, kind: 'KAF '}))]
        .sort((a, b) => a.start - b.start);
    process.stdout.write(`timeline at ${latency} ms:\n` + rows.map((r) =>
        `  ${String(r.start - t0).padStart(5)}-${String(r.end - t0).padEnd(5)} ${r.kind} ${r.label}`).join('\n') + '\n');
}

/**
 * One upgrade from a fresh context: log in, open the page, connect, click Upgrade, confirm, wait for the end.
 *
 * @param h the e2e harness
 * @param browser the browser
 * @param sim the simulator
 * @param latency the simulator's added latency
 * @returns the sample
 */
export async function oneRun(h: Harness, browser: Browser, sim: KafSim, latency: number): Promise<RunSample> {
    sim.clearFaults();
    sim.reset();
    h.resetSite({kaf_uri: sim.url});
    // As the harness's openTool, but with the marks and the network watch in place from the first request.
    const context = await browser.newContext({viewport: {width: 1280, height: 1000}});
    await context.addInitScript(MARKS);
    let forgeFetched = false;
    context.on('response', async(r) => {
        // In production mode (cachejs) Moodle serves every non-lazy AMD module of the site in one requirejs.php
        // answer, so the forge module can arrive inside it without a request naming it: look in the bodies too.
        if (/forge_keys/.test(r.url())) {
            forgeFetched = true;
        } else if (/\/lib\/requirejs\.php/.test(r.url())) {
            const body = await r.text().catch(() => '');
            // Its define(), not just its name: the page's own code names it where it requires it.
            forgeFetched ||= /define\(\s*["']tool_kalturalti13\/forge_keys/.test(body);
        }
    });
    const page = await context.newPage();
    try {
        await h.login(page);
        await h.gotoTool(page);
        const pre = await page.evaluate((): Record<string, number> => {
            const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
            return {...(window as unknown as {__bench: Record<string, number>}).__bench,
                responseStart: nav?.responseStart ?? NaN, domContentLoaded: nav?.domContentLoadedEventEnd ?? NaN};
        });
        await h.connect(page);
        // The credentials modal has a save button too: the click that counts is the confirmation's, from here on.
        await page.evaluate(() => {
            const b = (window as unknown as {__bench: Record<string, number | null>}).__bench;
            b.click = null;
            b.verdict = null;
        });
        const watch = watchAjax(page);
        const firstKaf = sim.state().requests;
        const armed = Date.now();
        watch.arm();
        await page.click('[data-action="upgrade"]');
        await h.confirmModal(page);
        const v = await h.verdict(page);
        const marks = await page.evaluate(() => (window as unknown as {__bench: Record<string, number>}).__bench);
        const kaf = sim.state().log.filter((e) => e.n > firstKaf)
            .map((e) => ({start: Date.parse(e.time), end: Date.parse(e.time) + e.ms, label: `${e.method} ${e.path}`}));
        if (process.env.BENCH_TIMELINE) {
            printTimeline(latency, armed, watch.intervals, kaf);
        }
        const href = await page.locator('[data-region="verdict-box"] a').first().getAttribute('href');
        let steps: RunSample['steps'] = [];
        if (href) {
            const doc = await (await page.request.get(`${href}&format=json`)).json() as {steps?: RunSample['steps']};
            steps = (doc.steps ?? []).map((s) => ({name: s.name, status: s.status, durationms: Number(s.durationms)}));
        }
        const keys = steps.find((s) => s.name === 'keys');
        return {
            latency, ok: v.success, wallMs: (marks.verdict ?? NaN) - (marks.click ?? NaN),
            kafRequests: kaf.length, kafTrips: sequentialTrips(kaf), kafGroups: tripGroups(kaf),
            ajaxCalls: watch.methods.length, ajaxMethods: watch.methods.flat().length,
            ajaxTrips: sequentialTrips(watch.intervals),
            ajaxMedianMs: median(watch.intervals.map((a) => a.end - a.start)), ajaxByMethod: countMethods(watch.methods),
            keysStepMs: keys ? keys.durationms : null, steps, forgeFetched,
            secureContext: await page.evaluate(() => window.isSecureContext),
            forgeLoaded: await page.evaluate(() => {
                const r = (window as unknown as {require?: {defined?: (id: string) => boolean}}).require;
                return !!r?.defined?.('tool_kalturalti13/forge_keys') || !!r?.defined?.('tool_kalturalti13/forge_keys-lazy');
            }),
            preflightReadyMs: pre.ready ?? NaN, preflightResponseStartMs: pre.responseStart ?? NaN,
            preflightDomReadyMs: pre.domContentLoaded ?? NaN, firstCheckMs: pre.firstCheck ?? NaN,
        };
    } finally {
        await context.close();
    }
}
