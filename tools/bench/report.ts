// The report: docs/benchmarks.md from the figures (docs/benchmarks.json holds the same and every sample).
import {CRITICAL_TRIPS, CRITICAL_WHY, RUN_SHAPE, kb, ms, type ModuleSize, type Row, type Target} from './summary';

export interface KeygenFigures {
    wc: number;
    fg: number;
    keysShare: number;
    withWorker: number | null;
    notFound: string[];
    module: string;
    /** Keys generated per backend. */
    count: number;
}

/**
 * The report.
 *
 * @param machine where it ran
 * @param rows one row per latency
 * @param sizes module sizes
 * @param keys key generation medians
 * @param keys.wc WebCrypto
 * @param keys.fg node-forge
 * @param keys.keysShare the keys step's share of the run
 * @param keys.withWorker forge with the browser's Worker in place: ms, or null when it hung
 * @param keys.notFound what the key page asked for and did not get
 * @param keys.module the forge module measured
 * @param keys.count keys generated per backend
 * @param pre preflight medians
 * @param pre.preReady checklist ready
 * @param pre.preFirst first check drawn
 * @param sequences the KAF round trips of one run per latency
 * @param byMethod the ajax calls of one run, by function
 * @param targets the targets
 * @returns markdown
 */
export function markdown(machine: Record<string, unknown>, rows: Row[], sizes: ModuleSize[], keys: KeygenFigures,
        pre: {preReady: number; preFirst: number}, sequences: Array<[number, string[]]>, byMethod: Record<string, number>,
        targets: Target[]): string {
    const L: string[] = [];
    L.push('# Benchmarks', '', 'Written by `make bench` (scripts/bench.sh, tools/bench). A benchmark, not a test: it',
        'never fails on a number. Raw numbers and every sample: [benchmarks.json](benchmarks.json).', '');
    L.push('## Targets', '', '| target | measured | met |', '|---|---|---|');
    for (const t of targets) {
        L.push(`| ${t.target} | ${t.measured} | ${t.met ? 'yes' : '**no**: ' + t.why} |`);
    }
    L.push('', '## Click to verified end', '',
        'Wall time from the click on the confirmation\'s button to the verdict on the page (page clock), median of the',
        'verified runs. KAF requests come from the simulator\'s request log; sequential round trips are the groups left',
        'after merging overlapping request intervals. Moodle ajax calls are the page\'s HTTP requests to',
        '/lib/ajax/service.php; methods = the web service calls they carry, read from each request\'s JSON body (core/ajax',
        'batches calls made together into one POST, and each is counted); ajax sequential = the groups of those HTTP',
        'requests left after merging overlapping ones. A kaf_request call includes the KAF latency. Keys = the journal\'s',
        '`keys` step (how long the run waited for the key pair).', '',
        '| KAF latency | runs | median | all runs (ms) | KAF requests | KAF sequential | critical path | ratio |'
        + ' Moodle ajax calls (methods) | ajax sequential | median ajax call | keys step |',
        '|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const r of rows) {
        L.push(`| ${r.latencyMs} ms | ${r.runs}${r.failed ? ` (+${r.failed} failed)` : ''} | ${r.wallMsMedian} ms |`
            + ` ${(r.wallMsAll as number[]).join(', ')} | ${r.kafRequests} | ${r.kafSequentialTrips} |`
            + ` ${r.criticalPathMs} ms | ${r.ratio ?? 'n/a'} | ${r.ajaxCalls} (${r.ajaxMethods}) |`
            + ` ${r.ajaxSequentialTrips} | ${ms(r.ajaxCallMsMedian as number)} | ${ms(r.keysStepMsMedian as number)} |`);
    }
    L.push('', `Critical path: ${CRITICAL_TRIPS} sequential KAF round trips x the latency. Why ${CRITICAL_TRIPS}:`, '');
    for (const w of CRITICAL_WHY) {
        L.push(`- ${w}`);
    }
    L.push('', RUN_SHAPE);
    L.push('', 'Moodle ajax calls (methods) of one run, by shim function: ' + Object.entries(byMethod)
        .map(([k, v]) => `${k.replace(/^tool_kalturalti13_/, '')} ${v}`).join(', ') + '.', '');
    L.push('The sequential KAF round trips the engine makes (first run at each latency, in order):', '');
    for (const [latency, groups] of sequences) {
        L.push(`- ${latency} ms: ` + groups.map((g, i) => `${i + 1}. ${g}`).join('; '));
    }
    L.push('', '## Key generation in Chromium', '',
        `RSA-2048, median of ${keys.count} keys each, on a page on http://127.0.0.1 (tools/bench/keygen.ts):`, '',
        '| backend | median per key |', '|---|---:|',
        `| WebCrypto (generateKey + export PKCS#8, SPKI, JWK) | ${ms(keys.wc)} |`,
        `| node-forge, pure JS on the main thread (amd/build/${keys.module}, backend.generate, Worker hidden) |`
        + ` ${ms(keys.fg)} |`,
        `| node-forge as shipped, one key (backend.generate, the browser's Worker in place) | ${keys.withWorker === null
            ? '**never finished** (stopped after 15 s)' : ms(keys.withWorker)} |`, '',
        keys.withWorker === null ? 'Found while measuring: forge\'s callback form always uses Web Workers in a browser'
            + ' (node-forge/lib/rsa.js passes `workers: options.workers || 2`, and prime.js then does'
            + ' `new Worker(\'forge/prime.worker.js\')`). The page asked for '
            + (keys.notFound.map((u) => `\`${u}\``).join(', ') || 'nothing') + ', which does not exist (nor in Moodle),'
            + ' and generation waits forever. On a site without crypto.subtle (plain http) the run would hang in its'
            + ' `keys` step. The pure-JS row above hides `Worker` so that prime.js takes its main-thread path, which'
            + ' is what forge_keys.ts means to run ("in slices"). Fix in forge_keys.ts: drive'
            + ' `forge.pki.rsa.createKeyPairGenerationState(2048, 65537)` with `stepKeyPairGenerationState(state, 100)`'
            + ' in setTimeout slices until `state.keys` is set (no workers), instead of the callback form.'
            : 'node-forge as shipped finished with the browser\'s Worker in place (an earlier build used forge\'s'
            + ' callback form, which starts Web Workers from forge/prime.worker.js and never finished in a browser).', '',
        `The run waits for the key pair in its \`keys\` step: median ${keys.keysShare.toFixed(1)} % of the run`
        + ' (generation starts with the run and overlaps run_start, the snapshot and the backup). That is an upper bound:'
        + ' the journal times a step from before its awaited "running" write (run_step, one Moodle ajax call) to the end,'
        + ' so the step lasts about one ajax call even when the key pair is already there, as it is here (WebCrypto'
        + ' needs far less than the backup takes).', '');
    L.push('## Built modules', '', '| module | minified | gzip (level 9) | largest parts (from the source map) |',
        '|---|---:|---:|---|');
    for (const s of sizes) {
        L.push(`| ${s.module} | ${s.minified} B (${kb(s.minified)}) | ${s.gzip} B (${kb(s.gzip)}) | `
            + s.top.slice(0, 6).map((t) => `${t.source} ${kb(t.bytes)}`).join(', ') + ' |');
    }
    L.push('', '## Preflight', '',
        `From navigation start (index.php, just after the login, in a fresh browser context) to the checklist`
        + ` ready ([data-ready="1"]): median`
        + ` ${ms(pre.preReady)}; first [data-check] drawn: ${ms(pre.preFirst)}. Median of every run above.`, '');
    L.push('## Machine', '', ...Object.entries(machine).map(([k, v]) => `- ${k}: ${String(v)}`), '');
    L.push('## Reproduce', '', '```sh', 'make bench            # serves the test Moodle if needed, takes the site lock',
        'BENCH_RUNS=7 BENCH_LATENCIES=0,100,200 BENCH_KEYS=10 make bench   # other settings (100 and 200 have targets)', '```', '',
        'Needs the test Moodle (scripts/moodle.sh; exit 3 without one) and Debian\'s Chromium (scripts/deps.sh --browser).',
        'The simulator runs over TLS with session CSRF tokens, as in the browser tests; its `latencyMs` delays every KAF',
        'answer. Each run starts from a reset site and a reset simulator.', '');
    return L.join('\n');
}
