// The simulator over TLS as a site meets a KAF: a certificate signed by the test CA, trusted only through that CA;
// deliberately bad certificates refused by a verifying client; a reset that is a real TCP reset, under TLS too.
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {request} from 'node:https';
import {mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {startKafSim, type KafSim} from '../server.js';
import {CERT_KINDS, testCa} from '../tls.js';

/**
 * GET over HTTPS with only the given CA trusted, peer and host verified (Node's defaults).
 *
 * @param url the URL
 * @param ca the CA to trust
 * @returns the status, or the error code
 */
function get(url: string, ca: string): Promise<{status?: number; code?: string; syscall?: string}> {
    return new Promise((resolve) => {
        const req = request(url, {ca, agent: false}, (res) => {
            res.resume();
            res.on('end', () => resolve({status: res.statusCode}));
        });
        req.on('error', (e: NodeJS.ErrnoException) => resolve({code: e.code, ...(e.syscall ? {syscall: e.syscall} : {})}));
        req.end();
    });
}

describe('kafsim over TLS', () => {
    let sim: KafSim;
    const caDir = join(mkdtempSync(join(tmpdir(), 'kafsim-ca-')), 'ca');
    beforeAll(async() => {
        sim = await startKafSim({port: 0, tls: true, tlsCaDir: caDir});
    });
    afterAll(() => sim.close());

    it('serves a certificate the test CA signed, not a self-signed one, and keeps the CA across starts', async() => {
        expect(sim.caPem).toBe(testCa(caDir).certPem);
        expect(sim.certPem).not.toBe(sim.caPem);
        expect(await get(`${sim.url}/version`, sim.caPem ?? '')).toEqual({status: 200});
        // Trusting the server certificate itself is not enough: it is not a CA.
        expect((await get(`${sim.url}/version`, sim.certPem ?? '')).code).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    });

    it('presents each bad certificate on demand, and a verifying client refuses each', async() => {
        const seen: Record<string, string | number | undefined> = {};
        for (const kind of CERT_KINDS) {
            sim.setCertificate(kind);
            const r = await get(`${sim.url}/version`, sim.caPem ?? '');
            seen[kind] = r.status ?? r.code;
        }
        sim.setCertificate('good');
        expect(seen).toEqual({good: 200, expired: 'CERT_HAS_EXPIRED', wrongname: 'ERR_TLS_CERT_ALTNAME_INVALID',
            untrusted: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'});
    });

    it('answers a reset fault with a TCP reset of the TLS connection', async() => {
        await new Promise<void>((resolve, reject) => {
            const req = request(`${sim.url}/__sim/faults`, {method: 'POST', ca: sim.caPem ?? '', agent: false}, (res) => {
                res.resume();
                res.on('end', () => resolve());
            });
            req.on('error', reject);
            req.end(JSON.stringify({kind: 'reset', path: '/version'}));
        });
        // A reset read from the socket (syscall read), not a "socket hang up" after a polite close.
        expect(await get(`${sim.url}/version`, sim.caPem ?? '')).toEqual({code: 'ECONNRESET', syscall: 'read'});
        expect(await get(`${sim.url}/version`, sim.caPem ?? '')).toEqual({status: 200});
    });
});
