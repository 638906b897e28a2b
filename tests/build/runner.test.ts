// The test runner itself: a tier that cannot run or fails is never reported as passed, and under CI a skipped tier
// fails; scripts/live-site.sh passes a failing site on as a failing tier.
import {describe, expect, it} from 'vitest';
import {spawn, spawnSync} from 'node:child_process';
import {createServer} from 'node:http';
import type {AddressInfo} from 'node:net';
import {chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');

/**
 * The verdict scripts/tier.sh gives a tier that exited with rc and printed out.
 *
 * @param rc the tier's exit code
 * @param out what it printed
 * @param ci the value of CI, or undefined
 * @returns the verdict line and the function's status
 */
function verdict(rc: number, out: string, ci?: string): {line: string; status: number | null} {
    const dir = mkdtempSync(path.join(tmpdir(), 'kalturalti13-tier-'));
    try {
        writeFileSync(path.join(dir, 'log'), out);
        const env = {...process.env};
        delete env.CI;
        if (ci !== undefined) {
            env.CI = ci;
        }
        const r = spawnSync('bash', ['-c', `. scripts/tier.sh; tier_verdict ${rc} "$1"`, 'tier', path.join(dir, 'log')],
            {cwd: root, env, encoding: 'utf8'});
        return {line: r.stdout.trim(), status: r.status};
    } finally {
        rmSync(dir, {recursive: true, force: true});
    }
}

/**
 * Runs scripts/live-site.sh with a stand-in for scripts/moodle.sh.
 *
 * @param serveRc what the stand-in's serve exits with
 * @param url the site's URL the stand-in gives
 * @param serving what the stand-in's "serving" (this site's own servers are up) exits with
 * @returns live-site.sh's exit code, output, whether it ran the command it was given, and what it asked the stand-in
 */
async function liveSite(serveRc: number, url = 'http://127.0.0.1:9', serving = 0):
        Promise<{status: number | null; out: string; ran: boolean; calls: string[]}> {
    const dir = mkdtempSync(path.join(tmpdir(), 'kalturalti13-live-'));
    try {
        const stub = path.join(dir, 'moodle.sh');
        // Port 9 (discard) on loopback by default: nothing answers, so live-site.sh must serve the site itself.
        writeFileSync(stub, `#!/usr/bin/env bash
echo "$1 MOODLE_DIR=\${MOODLE_DIR-unset}" >> ${dir}/calls
case "$1" in
    url) echo ${url} ;;
    serving) exit ${serving} ;;
    zip) echo ${dir}/site/tool_kalturalti13.zip ;;
    version) echo 4.5.6 ;;
    where) echo ${dir}/moodle ;;
    dirroot) echo ${dir}/moodle ;;
    serve) [ ${serveRc} -ne 3 ] || echo "skipped: no Moodle here"; exit ${serveRc} ;;
    *) exit 0 ;;
esac
`);
        chmodSync(stub, 0o755);
        const marker = path.join(dir, 'ran');
        const r = await new Promise<{status: number | null; out: string}>((resolve) => {
            const child = spawn('bash', ['scripts/live-site.sh', 'test', 'touch', marker], {cwd: root,
                env: {...process.env, KLTI_MOODLE_SH: stub}});
            let out = '';
            child.stdout.on('data', (d: Buffer) => {
                out += d.toString();
            });
            child.stderr.on('data', (d: Buffer) => {
                out += d.toString();
            });
            child.on('close', (status) => resolve({status, out}));
        });
        const callsFile = path.join(dir, 'calls');
        const calls = existsSync(callsFile) ? readFileSync(callsFile, 'utf8').trim().split('\n') : [];
        return {...r, ran: existsSync(marker), calls};
    } finally {
        rmSync(dir, {recursive: true, force: true});
    }
}

/**
 * Runs liveSite while a web server on loopback answers every request with 200, as a running Moodle would.
 *
 * @param serving what the stand-in's "serving" exits with: 0 when that server is this site's own
 * @returns as liveSite
 */
async function liveSiteWithServer(serving: number): ReturnType<typeof liveSite> {
    const server = createServer((_req, res) => res.end('a Moodle'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
        return await liveSite(0, `http://127.0.0.1:${(server.address() as AddressInfo).port}`, serving);
    } finally {
        server.close();
    }
}

describe('scripts/tier.sh', () => {
    it('passes a tier that exited 0 and ran tests', () => {
        expect(verdict(0, 'Tests  12 passed (12)\n')).toEqual({line: 'passed', status: 0});
    });

    it('fails a tier that exited non-zero, or exited 0 having run no test', () => {
        expect(verdict(1, 'Tests  1 failed | 11 passed (12)\n')).toEqual({line: 'FAILED (exit 1)', status: 1});
        expect(verdict(0, 'No test files found, exiting with code 0\n')).toEqual({line: 'FAILED (ran no test)', status: 1});
        expect(verdict(0, 'No tests executed!\n')).toEqual({line: 'FAILED (ran no test)', status: 1});
    });

    it('skips a tier that says why only outside CI, and fails it under CI=true', () => {
        const out = 'skipped: no Moodle 4.5.6 found\n';
        expect(verdict(3, out)).toEqual({line: 'skipped (skipped: no Moodle 4.5.6 found)', status: 3});
        expect(verdict(3, out, 'true')).toEqual({line: 'FAILED (skipped under CI: skipped: no Moodle 4.5.6 found)', status: 1});
        // Exit 3 without saying why is a failure anywhere.
        expect(verdict(3, 'something broke\n')).toEqual({line: 'FAILED (exit 3)', status: 1});
    });

    it('names what failed in a tier\'s log: vitest\'s failed tests and PHPUnit\'s failures, never its risky tests', () => {
        const dir = mkdtempSync(path.join(tmpdir(), 'kalturalti13-tier-'));
        try {
            const log = path.join(dir, 'log');
            writeFileSync(log, [
                '   \x1b[32m✓\x1b[39m the page > connects \x1b[33m 812ms\x1b[39m',
                '   \x1b[31m×\x1b[39m the keyboard only > reaches the verdict \x1b[33m 9120ms\x1b[39m',
                ' FAIL  tests/e2e/keyboard.test.ts > the keyboard only > reaches the verdict',
                'There were 2 risky tests:', '', '1) a_test::test_risky', '',
                'There was 1 failure:', '', '1) tool_kalturalti13\\external_test::test_broken',
                'Failed asserting that false is true.',
            ].join('\n'));
            const r = spawnSync('bash', ['-c', '. scripts/tier.sh; tier_failures "$1"', 'tier', log],
                {cwd: root, encoding: 'utf8'});
            expect(r.stdout.trim().split('\n')).toEqual([
                '× the keyboard only > reaches the verdict',
                'FAIL  tests/e2e/keyboard.test.ts > the keyboard only > reaches the verdict',
                '1) tool_kalturalti13\\external_test::test_broken',
            ]);
        } finally {
            rmSync(dir, {recursive: true, force: true});
        }
    });
});

describe('scripts/live-site.sh', () => {
    it('fails, without running the tests, when the site cannot be served', async() => {
        const r = await liveSite(1);
        expect(r.status).toBe(1);
        expect(r.ran).toBe(false);
        expect(r.out).toContain('could not be made ready (exit 1)');
    });

    it('passes a skip on as exit 3, and runs the command when the site is served', async() => {
        const skipped = await liveSite(3);
        expect(skipped.status).toBe(3);
        expect(skipped.ran).toBe(false);
        const served = await liveSite(0);
        expect(served.status).toBe(0);
        expect(served.ran).toBe(true);
    });

    it('stops the site it served, asking scripts/moodle.sh without the MOODLE_DIR it gave the command', async() => {
        const served = await liveSite(0);
        expect(served.calls).toContain('serve MOODLE_DIR=unset');
        // MOODLE_DIR exported for the tests once made scripts/moodle.sh stop another site than the one it served.
        expect(served.calls.at(-1)).toBe('stop MOODLE_DIR=unset');
        expect(served.calls.filter((c) => !c.endsWith('MOODLE_DIR=unset'))).toEqual([]);
    });

    it('uses a site an earlier command serves, and refuses another Moodle on its port', async() => {
        const ours = await liveSiteWithServer(0);
        expect(ours.status).toBe(0);
        expect(ours.ran).toBe(true);
        expect(ours.calls.map((c) => c.split(' ')[0])).toContain('install');
        expect(ours.calls.map((c) => c.split(' ')[0])).not.toContain('stop');
        const theirs = await liveSiteWithServer(1);
        expect(theirs.status).toBe(1);
        expect(theirs.ran).toBe(false);
        expect(theirs.out).toContain('is served by another Moodle than this site\'s');
    });
});

/**
 * Runs scripts/moodle.sh's read-only commands against a folder of stand-in tarballs, with a home of its own.
 *
 * @param env MOODLE_VERSION, MOODLE_DIR...
 * @param args the command
 * @param tarballs names of the stand-in tarballs
 * @returns its status and output
 */
function moodleSh(env: Record<string, string>, args: string[], tarballs: string[] = []):
        {status: number | null; out: string} {
    const dir = mkdtempSync(path.join(tmpdir(), 'kalturalti13-moodlesh-'));
    try {
        for (const t of tarballs) {
            writeFileSync(path.join(dir, t), '');
        }
        const r = spawnSync('bash', ['scripts/moodle.sh', ...args], {cwd: root, encoding: 'utf8',
            env: {...process.env, HOME: dir, MOODLE_TARBALLS: dir, MOODLE_DIR: '', KLTI_SITE_TAG: '', MOODLE_PORT: '',
                ...env}});
        return {status: r.status, out: (r.stdout + r.stderr).trim()};
    } finally {
        rmSync(dir, {recursive: true, force: true});
    }
}

describe('scripts/moodle.sh: the releases it makes sites of', () => {
    it('takes "5.1" as the newest 5.1 build at hand, on port 8501', () => {
        const tarballs = ['moodle-5.1.2.tar.xz', 'moodle-5.1.3plus.tar.xz', 'moodle-4.5.6.tar.xz'];
        expect(moodleSh({MOODLE_VERSION: '5.1'}, ['version'], tarballs)).toEqual({status: 0, out: '5.1.3plus'});
        expect(moodleSh({MOODLE_VERSION: '5.1'}, ['url'], tarballs)).toEqual({status: 0, out: 'http://127.0.0.1:8501'});
        expect(moodleSh({MOODLE_VERSION: '4.2.0'}, ['url'], tarballs)).toEqual({status: 0, out: 'http://127.0.0.1:8402'});
    });

    it('refuses a release outside the claimed 4.2 to 5.1, saying so', () => {
        for (const v of ['5.2.0', '4.1.9']) {
            const r = moodleSh({MOODLE_VERSION: v}, ['url']);
            expect(r.status, v).toBe(1);
            expect(r.out).toContain('this plugin supports Moodle 4.2-5.1');
        }
    });

    it('reads a 5.1 tree\'s release from public/version.php and names public/ as its dirroot', () => {
        const tree = mkdtempSync(path.join(tmpdir(), 'kalturalti13-tree-'));
        try {
            const pub = path.join(tree, 'public');
            spawnSync('mkdir', ['-p', path.join(pub, 'lib')]);
            writeFileSync(path.join(pub, 'lib', 'setup.php'), '<?php\n');
            writeFileSync(path.join(pub, 'version.php'),
                "<?php\n$version = 2025100603.04;\n$release = '5.1.3+ (Build: 20260227)';\n");
            expect(moodleSh({MOODLE_DIR: tree}, ['version'])).toEqual({status: 0, out: '5.1.3plus'});
            // No site made yet: "dirroot" of a MOODLE_DIR names its public/ folder.
            expect(moodleSh({MOODLE_DIR: tree}, ['dirroot'])).toEqual({status: 0, out: pub});
        } finally {
            rmSync(tree, {recursive: true, force: true});
        }
    });
});
