// Secret tokens as the real shim makes them (classes/local/redactor.php and the door, run by phpshim.ts):
// the token hashes the PEM as decoded from the HTML with CR LF as LF, and a posted token becomes that decoded PEM.

import {afterEach, describe, expect, it} from 'vitest';
import {runUpgrade} from '../../amd/src/engine-lazy';
import {generateKeyPair} from '../../amd/src/local/keys';
import {backend, connectAndPlan, simState, startEnv, type Env} from './helpers';

let env: Env | null = null;
afterEach(async() => {
    await env?.sim.close();
    env = null;
});

describe('secret tokens against the shim\'s rule', () => {
    it('verifies its own key by the shim\'s token and puts a CRLF key back byte for byte', async() => {
        env = await startEnv({csrf: 'render'}, {timeoutMs: 800});
        // KAF holds a private key a browser saved (CRLF line ends) and no public key, so the plan makes a new pair.
        const old = await generateKeyPair(backend);
        const crlf = old.privatePem.replace(/\n/g, '\r\n');
        env.sim.setValues('hosted', {lti13ServicePrivateKey: crlf});
        const before = (await simState(env)).modules.hosted ?? {};
        const {conn, plan} = await connectAndPlan(env);
        expect(plan.keys).toBe('new');
        // The PHP redactor's token of the CRLF key is the token of its LF text, which is what the engine computes.
        expect(conn.kaf.hosted.values.get('lti13ServicePrivateKey')?.[0]?.trim()).toBe(old.privateToken);
        let saved = '';
        const out = await runUpgrade(conn, plan, {onProgress: (u) => {
            if (u.step === 'verify' && u.state.status === 'running') {
                saved = env?.sim.values('hosted').lti13ServicePrivateKey ?? '';
                env?.sim.addFaults({kind: 'status', status: 503, pathPrefix: '/hosted/index/', count: 'always'});
            }
        }});
        // Our new key reached KAF as a browser posts it (CRLF), and its read-back matched the engine's token.
        expect(saved).toMatch(/^-----BEGIN PRIVATE KEY-----\r\n[\s\S]+\r\n-----END PRIVATE KEY-----$/);
        const kafStep = env.services.runs[0]?.steps.find((s) => s.name === 'kaf');
        expect(kafStep?.status).toBe('done');
        expect(out.status, JSON.stringify(out)).toBe('rolledback');
        const after = (await simState(env)).modules.hosted ?? {};
        // The same key is back, byte for byte with its CR LF line ends: the shim keeps the bytes KAF sent.
        expect(after.lti13ServicePrivateKey).toBe(crlf);
        expect(after).toEqual(before);
    });
});
