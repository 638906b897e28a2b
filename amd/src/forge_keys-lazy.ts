// The key backend for pages without crypto.subtle (sites served over http): node-forge, in its own AMD module
// (tool_kalturalti13/forge_keys-lazy) so that the page loads it only then. The -lazy suffix keeps Moodle's
// requirejs.php from putting it in the bundle of every AMD module it serves on every page.

// Only the parts of node-forge this needs (RSA key generation, ASN.1/DER, SHA-256), not the whole library with
// its TLS, X.509, PKCS#12 and ciphers: forge.js is the shared namespace the other files fill in as they load.
// PEM is written and read with our own helpers (local/keys), so forge's pki.js (which pulls in X.509, PKCS#12,
// PBE and more) is not needed.
import forge from 'node-forge/lib/forge';
import 'node-forge/lib/util';
import 'node-forge/lib/jsbn';
import 'node-forge/lib/asn1';
import 'node-forge/lib/prime';
import 'node-forge/lib/rsa';
import 'node-forge/lib/sha256';
import {fromPem, generateKeyPair as withBackend, type KeyBackend, type KeyPair, type PublicJwk, toBase64Url, toPem}
    from './local/keys';

/**
 * Forge's binary string to bytes.
 *
 * @param bin binary string
 * @returns bytes
 */
function binToBytes(bin: string): Uint8Array {
    return Uint8Array.from(bin, (ch) => ch.charCodeAt(0));
}

/**
 * A big integer as base64url of its unsigned big-endian bytes (no leading zero byte), as JWK wants.
 *
 * @param n the integer
 * @returns base64url text
 */
function bigToB64u(n: forge.jsbn.BigInteger): string {
    let hex = n.toString(16);
    if (hex.length % 2 === 1) {
        hex = '0' + hex;
    }
    return toBase64Url(binToBytes(forge.util.hexToBytes(hex)));
}

/**
 * The JWK of a forge RSA public key.
 *
 * @param key the key
 * @returns the JWK
 */
function jwkOf(key: forge.pki.rsa.PublicKey): PublicJwk {
    return {kty: 'RSA', n: bigToB64u(key.n), e: bigToB64u(key.e)};
}

/**
 * DER bytes of an ASN.1 structure.
 *
 * @param obj the structure
 * @returns the bytes
 */
function der(obj: forge.asn1.Asn1): Uint8Array {
    return binToBytes(forge.asn1.toDer(obj).getBytes());
}

export const backend: KeyBackend = {
    generate() {
        return new Promise((resolve, reject) => {
            // Forge's own JavaScript stepped in slices on the main thread. Its callback form hands the work to Web
            // Workers in a browser, loading forge/prime.worker.js, which no Moodle serves: generation would never end.
            const state = forge.pki.rsa.createKeyPairGenerationState(2048, 65537);
            const step = (): void => {
                try {
                    // About 100 ms of work per slice, then the page gets the main thread back.
                    if (!forge.pki.rsa.stepKeyPairGenerationState(state, 100)) {
                        setTimeout(step, 0);
                        return;
                    }
                    const {privateKey, publicKey} = state.keys;
                    const pkcs8 = forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(privateKey));
                    // Same PEM as the WebCrypto backend: LF line ends, 64 columns, no newline after the END line.
                    resolve({
                        privatePem: toPem('PRIVATE KEY', der(pkcs8)),
                        publicPem: toPem('PUBLIC KEY', der(forge.pki.publicKeyToAsn1(publicKey))),
                        jwk: jwkOf(publicKey),
                    });
                } catch (e) {
                    reject(e);
                }
            };
            step();
        });
    },
    async sha256(data) {
        const md = forge.md.sha256.create();
        md.update(forge.util.binary.raw.encode(data));
        return binToBytes(md.digest().getBytes());
    },
    async publicJwk(pem) {
        // SPKI (BEGIN PUBLIC KEY) or PKCS#1 (BEGIN RSA PUBLIC KEY); publicKeyFromAsn1 reads both.
        const block = fromPem(pem);
        if (!block || !/^(RSA )?PUBLIC KEY$/.test(block.label)) {
            throw new Error('not an RSA public key');
        }
        const asn1 = forge.asn1.fromDer(forge.util.binary.raw.encode(block.der));
        return jwkOf(forge.pki.publicKeyFromAsn1(asn1) as forge.pki.rsa.PublicKey);
    },
};

/**
 * Generates the RSA-2048 key pair with node-forge.
 *
 * @returns the key pair
 */
export function generateKeyPair(): Promise<KeyPair> {
    return withBackend(backend);
}

/**
 * Every built module exposes init: here it returns the module's API.
 *
 * @returns the backend and generateKeyPair
 */
export function init(): {backend: KeyBackend; generateKeyPair: () => Promise<KeyPair>} {
    return {backend, generateKeyPair};
}
