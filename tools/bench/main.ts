// `make bench`: measures the upgrade in the real page (headless Chromium, the test Moodle, the KAF simulator) and
// writes docs/benchmarks.md and docs/benchmarks.json. A benchmark, not a test: a missed target is reported, never
// an error. Exit 1 only when it could not measure. Run by scripts/bench.sh, which serves Moodle and takes the lock.
// The parts: run.ts (one upgrade), summary.ts (rows, sizes, targets), report.ts (the markdown), keygen.ts, ajax.ts.
import {readFileSync, readdirSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {startKafSim} from '../kafsim/server';
import {median} from './analyse';
import {measureKeygen} from './keygen';
import {markdown} from './report';
import {oneRun, type Harness, type RunSample} from './run';
import {CRITICAL_TRIPS, CRITICAL_WHY, latencyRows, moduleSizes, targets} from './summary';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const LATENCIES = (process.env.BENCH_LATENCIES ?? '0,50,100,200').split(',').map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const KEYS = Number(process.env.BENCH_KEYS ?? 10);

/**
 * Whether the page measured is the working tree's build: it is the copy Moodle serves (scripts/moodle.sh syncs it
 * when it starts the site), and module sizes are read from amd/build.
 *
 * @returns a short description
 */
function servedBuild(): string {
    const dirroot = process.env.MOODLE_DIRROOT ?? process.env.MOODLE_DIR ?? ''; // The public/ folder from Moodle 5.1 on.
    const servedDir = path.join(dirroot, 'admin', 'tool', 'kalturalti13', 'amd', 'build');
    const builtNames = readdirSync(path.join(root, 'amd', 'build')).filter((f) => f.endsWith('.min.js')).sort();
    try {
        const names = readdirSync(servedDir).filter((f) => f.endsWith('.min.js')).sort();
        const same = names.join() === builtNames.join() && names.every((f) =>
            readFileSync(path.join(servedDir, f)).equals(readFileSync(path.join(root, 'amd', 'build', f))));
        return same ? 'same as amd/build' : `differs from amd/build (served: ${names.join(', ')}); the page timings are`
            + ' of the served build, the module sizes of amd/build';
    } catch {
        return 'unknown (MOODLE_DIR not readable)';
    }
}

/**
 * Runs everything and writes the files.
 */
async function main(): Promise<void> {
    // The e2e harness finds its own folder with __dirname, which Node's ES modules (tsx) do not define.
    (globalThis as {__dirname?: string}).__dirname = path.join(root, 'tests', 'e2e');
    const h: Harness = await import('../../tests/e2e/harness');
    const browser = await h.launch();
    const samples: RunSample[] = [];
    let keygen: Awaited<ReturnType<typeof measureKeygen>> = {module: '', webcryptoMs: [], forgeMs: [],
        forgeWithWorkerMs: null, notFound: []};
    try {
        for (const latency of LATENCIES) {
            const sim = await startKafSim({port: 0, tls: true, csrf: true, latencyMs: latency});
            try {
                for (let i = 0; i < RUNS; i++) {
                    const s = await oneRun(h, browser, sim, latency);
                    samples.push(s);
                    console.log(`bench: latency ${latency} ms, run ${i + 1}/${RUNS}: ${s.ok ? 'verified' : 'NOT verified'}`
                        + ` in ${Math.round(s.wallMs)} ms, ${s.kafRequests} KAF requests (${s.kafTrips} sequential),`
                        + ` ${s.ajaxCalls} Moodle ajax calls (${s.ajaxMethods} methods), keys step ${s.keysStepMs} ms`);
                }
            } finally {
                await sim.close();
            }
        }
        console.log(`bench: key generation, ${KEYS} keys per backend`);
        keygen = await measureKeygen(browser, root, KEYS);
    } finally {
        await browser.close();
    }
    const good = samples.filter((s) => s.ok);
    if (!good.length) {
        console.error('bench: no run was verified; nothing to report');
        process.exit(1);
    }
    const rows = latencyRows(LATENCIES, samples);
    const sizes = moduleSizes(root);
    const pre = {ready: median(samples.map((s) => s.preflightReadyMs)), first: median(samples.map((s) => s.firstCheckMs)),
        ttfb: median(samples.map((s) => s.preflightResponseStartMs)), dom: median(samples.map((s) => s.preflightDomReadyMs))};
    const wc = median(keygen.webcryptoMs);
    const fg = median(keygen.forgeMs);
    const forgeInSecure = samples.filter((s) => s.secureContext && s.forgeFetched).length;
    const keysShare = median(good.map((s) => (s.keysStepMs ?? 0) / s.wallMs * 100));
    const targetList = targets({rows, good, samples, sizes, keysShare, wc, fg, pre, forgeInSecure});

    const served = servedBuild();
    if (!served.startsWith('same')) {
        console.log(`bench: warning: served plugin build ${served}`);
    }
    const cpus = os.cpus();
    const machine = {
        cpu: `${cpus[0]?.model ?? '?'} x ${cpus.length}`, memoryGB: Math.round(os.totalmem() / 2 ** 30),
        os: `${os.type()} ${os.release()}`, node: process.version, chromium: browser.version(),
        moodle: h.moodleUrl, servedBuild: served, date: new Date().toISOString(),
    };
    const json = {
        component: 'tool_kalturalti13', benchmark: 'upgrade', machine,
        settings: {latencies: LATENCIES, runsPerLatency: RUNS, keysPerBackend: KEYS, kafsim: {tls: true, csrf: 'session'}},
        criticalPath: {trips: CRITICAL_TRIPS, why: CRITICAL_WHY},
        runs: rows, keygen: {webcryptoMsMedian: Math.round(wc), forgeMsMedian: Math.round(fg),
            keysStepShareOfRunPercent: +keysShare.toFixed(1), ...keygen},
        modules: sizes, preflight: {readyMsMedian: Math.round(pre.ready), firstCheckMsMedian: Math.round(pre.first),
            samples: samples.length}, forgeFetchedInSecureContext: forgeInSecure,
        preflightBreakdown: {responseStartMsMedian: Math.round(pre.ttfb), domContentLoadedMsMedian: Math.round(pre.dom)},
        targets: targetList, samples,
    };
    writeFileSync(path.join(root, 'docs', 'benchmarks.json'), JSON.stringify(json, null, 2) + '\n');
    const md = markdown(json.machine, rows, sizes, {wc, fg, keysShare, withWorker: keygen.forgeWithWorkerMs,
        notFound: keygen.notFound, module: keygen.module, count: KEYS}, {preReady: pre.ready, preFirst: pre.first},
        LATENCIES.map((l): [number, string[]] => [l, good.find((x) => x.latency === l)?.kafGroups ?? []]),
        good[0]?.ajaxByMethod ?? {}, targetList);
    writeFileSync(path.join(root, 'docs', 'benchmarks.md'), md);
    console.log('\n' + md);
    console.log('bench: wrote docs/benchmarks.md and docs/benchmarks.json');
}

main().catch((e: unknown) => {
    console.error('bench: could not measure:', e);
    process.exit(1);
});
