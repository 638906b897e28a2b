// The node-forge backend (sites without crypto.subtle): it must finish in a browser, where forge's callback form
// would start Web Workers from a script (forge/prime.worker.js) that no Moodle serves.
import {afterEach, describe, expect, it} from 'vitest';
import {backend} from '../../amd/src/forge_keys-lazy';

const original = (globalThis as {Worker?: unknown}).Worker;

afterEach(() => {
    (globalThis as {Worker?: unknown}).Worker = original;
});

describe('forge_keys', () => {
    it('makes an RSA-2048 pair on the main thread, never starting a worker', async() => {
        let workers = 0;
        (globalThis as {Worker?: unknown}).Worker = class {
            /** A browser's Worker, counted: forge must not start one. */
            constructor() {
                workers++;
                throw new Error('no worker script is served');
            }
        };
        const k = await backend.generate();
        expect(workers).toBe(0);
        expect(k.privatePem).toMatch(/^-----BEGIN PRIVATE KEY-----\n[A-Za-z0-9+/=\n]+\n-----END PRIVATE KEY-----$/);
        expect(k.jwk.e).toBe('AQAB');
        // The public half read back from its PEM is the same key (2048-bit modulus: 256 bytes, 342 base64url chars).
        expect(await backend.publicJwk(k.publicPem)).toEqual(k.jwk);
        expect(k.jwk.n.length).toBe(342);
    }, 120000);
});
