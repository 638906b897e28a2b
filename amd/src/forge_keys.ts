// The key backend for pages without crypto.subtle (sites served over http): node-forge, in its own AMD module
// (tool_kalturalti13/forge_keys) so that the page loads it only then.

import forge from 'node-forge';
import {generateKeyPair as withBackend, type KeyBackend, type KeyPair, type PublicJwk, toBase64Url} from './local/keys';

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
 * Forge writes CRLF line ends; WebCrypto's PEM (ours) uses LF, and the secret token hashes the exact text.
 *
 * @param pem PEM text
 * @returns PEM text with LF line ends
 */
function lf(pem: string): string {
    return pem.replace(/\r\n/g, '\n').trim();
}

export const backend: KeyBackend = {
    generate() {
        return new Promise((resolve, reject) => {
            // With a callback forge works in small slices, so the page stays responsive while it runs.
            forge.pki.rsa.generateKeyPair({bits: 2048, e: 65537}, (err, kp) => {
                if (err) {
                    reject(err);
                    return;
                }
                const pkcs8 = forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(kp.privateKey));
                resolve({
                    privatePem: lf(forge.pki.privateKeyInfoToPem(pkcs8)),
                    publicPem: lf(forge.pki.publicKeyToPem(kp.publicKey)),
                    jwk: jwkOf(kp.publicKey),
                });
            });
        });
    },
    async sha256(data) {
        const md = forge.md.sha256.create();
        md.update(forge.util.binary.raw.encode(data));
        return binToBytes(md.digest().getBytes());
    },
    async publicJwk(pem) {
        return jwkOf(forge.pki.publicKeyFromPem(pem) as forge.pki.rsa.PublicKey);
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
