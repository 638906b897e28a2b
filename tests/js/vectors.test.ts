// The known answers shared with the shim's PHPUnit tests (tests/vectors/*.json, read by tests/unit/vectors_test.php):
// the page computes the token the shim gives its key, and reads a form as the shim reads KAF's login form.

import {webcrypto} from 'node:crypto';
import {readFileSync} from 'node:fs';
import * as path from 'node:path';
import {describe, expect, it} from 'vitest';
import {parseHtml, readForms, successfulControls} from '../../amd/src/local/kafform';
import {secretToken, tokenFingerprint, webCryptoBackend} from '../../amd/src/local/keys';
import {backend as forgeBackend} from '../../amd/src/forge_keys-lazy';

/**
 * The cases of one vector file.
 *
 * @param name file name without .json
 * @returns the cases
 */
function cases<T>(name: string): Array<T & {name: string}> {
    const text = readFileSync(path.join(__dirname, '..', 'vectors', name + '.json'), 'utf8');
    const file = JSON.parse(text) as {cases: Array<T & {name: string}>};
    return file.cases;
}

const backends = {webcrypto: webCryptoBackend(webcrypto.subtle as unknown as SubtleCrypto), forge: forgeBackend};

describe('secret tokens (tests/vectors/tokens.json)', () => {
    for (const c of cases<{pem: string; token: string; fingerprint: string}>('tokens')) {
        it(`${c.name}: shown as its fingerprint`, () => {
            expect(tokenFingerprint(c.token)).toBe(c.fingerprint);
        });
        for (const [name, backend] of Object.entries(backends)) {
            it(`${c.name} (${name})`, async() => {
                expect(await secretToken(backend, c.pem)).toBe(c.token);
            });
        }
    }
});

describe('form serialisation (tests/vectors/forms.json)', () => {
    for (const c of cases<{html: string; fields: Array<[string, string]>}>('forms')) {
        it(c.name, () => {
            const form = readForms(parseHtml(c.html), '/admin')[0];
            expect(form).toBeDefined();
            if (form) {
                expect(successfulControls(form, null).map((f) => [f.name, f.value])).toEqual(c.fields);
            }
        });
    }
});
