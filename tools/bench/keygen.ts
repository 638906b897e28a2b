// Key generation in Chromium: WebCrypto's RSA-2048 against node-forge's pure-JavaScript path, each on a small page
// served here on http://127.0.0.1 (a secure context, so crypto.subtle exists). node-forge is the built AMD module
// amd/build/forge_keys.min.js (what the plugin ships), loaded with requirejs from node_modules.
import {readFileSync, readdirSync} from 'node:fs';
import {createServer} from 'node:http';
import type {AddressInfo} from 'node:net';
import path from 'node:path';
import type {Browser} from 'playwright-core';

export interface KeygenResult {
    /** The forge module measured (amd/build). */
    module: string;
    webcryptoMs: number[];
    forgeMs: number[];
    /** With the browser's Worker left in place, forge_keys' generate(): finished in ms, or null if it hung. */
    forgeWithWorkerMs: number | null;
    /** Requests of the page that failed (404), e.g. forge's worker script. */
    notFound: string[];
}

/**
 * Measures both key backends in the browser.
 *
 * @param browser the browser
 * @param root the repository root
 * @param runs how many keys per backend
 * @returns the times of each key, in ms
 */
export async function measureKeygen(browser: Browser, root: string, runs: number): Promise<KeygenResult> {
    // The forge module as built (forge_keys.min.js, or forge_keys-lazy.min.js when Moodle should leave it out of
    // its combined AMD answer), under the AMD id its define() names.
    const build = path.join(root, 'amd', 'build');
    const file = readdirSync(build).find((f) => /^forge_keys.*\.min\.js$/.test(f));
    if (!file) {
        throw new Error('no amd/build/forge_keys*.min.js: run npm run build');
    }
    const code = readFileSync(path.join(build, file), 'utf8');
    const id = /define\("([^"]+)"/.exec(code)?.[1] ?? 'tool_kalturalti13/forge_keys';
    const files: Record<string, [string, string]> = {
        '/': ['text/html', '<!DOCTYPE html><html><head><script src="/require.js"></script></head><body>bench</body></html>'],
        '/require.js': ['text/javascript', readFileSync(path.join(root, 'node_modules/requirejs/require.js'), 'utf8')],
        [`/${id}.js`]: ['text/javascript', code],
    };
    const notFound: string[] = [];
    const server = createServer((req, res) => {
        const f = files[(req.url ?? '/').split('?')[0] ?? '/'];
        if (!f && req.url !== '/favicon.ico') {
            notFound.push(req.url ?? '');
        }
        res.writeHead(f ? 200 : 404, {'Content-Type': f ? f[0] : 'text/plain'});
        res.end(f ? f[1] : 'not found');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const context = await browser.newContext();
    try {
        const page = await context.newPage();
        await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
        // The same work as local/keys.ts's WebCrypto backend: generate, then export PKCS#8, SPKI and the JWK.
        const webcryptoMs = await page.evaluate(async(n) => {
            const out: number[] = [];
            for (let i = 0; i < n; i++) {
                const t0 = performance.now();
                const kp = await crypto.subtle.generateKey({name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048,
                    publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256'}, true, ['sign', 'verify']);
                await crypto.subtle.exportKey('pkcs8', kp.privateKey);
                await crypto.subtle.exportKey('spki', kp.publicKey);
                await crypto.subtle.exportKey('jwk', kp.publicKey);
                out.push(performance.now() - t0);
            }
            return out;
        }, runs);
        // The forge backend exactly as the page would use it (generate(): PEM and JWK out). First as it is: forge's
        // callback form always asks for Web Workers (rsa.js passes workers: options.workers || 2) and starts them from
        // forge/prime.worker.js beside the page, a file no Moodle has; give it a while to see whether it finishes.
        const forgeWithWorkerMs = await page.evaluate(async([limit, amdId]) => {
            type Backend = {generate(): Promise<unknown>};
            const req = (window as unknown as {require: (deps: string[], ok: (m: {backend: Backend}) => void,
                bad: (e: Error) => void) => void}).require;
            const m = await new Promise<{backend: Backend}>((resolve, reject) => req([amdId], resolve, reject));
            const t0 = performance.now();
            const done = await Promise.race([m.backend.generate().then(() => true),
                new Promise<boolean>((resolve) => setTimeout(() => resolve(false), limit))]);
            return done ? performance.now() - t0 : null;
        }, [15000, id] as const);
        // Then forge's pure-JavaScript path on the main thread, in slices: what the module means to run. Without a
        // Worker constructor forge takes it by itself (prime.js), so hide Worker in a fresh page.
        await page.reload();
        const forgeMs = await page.evaluate(async([n, amdId]) => {
            (window as unknown as {Worker?: unknown}).Worker = undefined;
            type Backend = {generate(): Promise<unknown>};
            const req = (window as unknown as {require: (deps: string[], ok: (m: {backend: Backend}) => void,
                bad: (e: Error) => void) => void}).require;
            const m = await new Promise<{backend: Backend}>((resolve, reject) => req([amdId], resolve, reject));
            const out: number[] = [];
            for (let i = 0; i < n; i++) {
                const t0 = performance.now();
                await m.backend.generate();
                out.push(performance.now() - t0);
            }
            return out;
        }, [runs, id] as const);
        return {module: file, webcryptoMs, forgeMs, forgeWithWorkerMs, notFound: [...new Set(notFound)]};
    } finally {
        await context.close();
        await new Promise<void>((resolve) => server.close(() => resolve()));
    }
}
