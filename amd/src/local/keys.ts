// The tool's service key pair: RSA-2048 for RS256, PKCS#8 / SPKI PEM, and its JWK with an RFC 7638 thumbprint.
// WebCrypto does the work; where crypto.subtle is missing (a page served over http) node-forge does, in the
// separate forge_keys-lazy module, loaded only then.

export interface PublicJwk {
    kty: 'RSA';
    n: string;
    e: string;
}

export interface KeyPair {
    /** PKCS#8, BEGIN PRIVATE KEY. Lives only in memory and in the one request that saves it at KAF. */
    privatePem: string;
    /** SPKI, BEGIN PUBLIC KEY. */
    publicPem: string;
    jwk: PublicJwk;
    /** RFC 7638 thumbprint (SHA-256, base64url). */
    thumbprint: string;
    /** The token the shim shows in place of privatePem (docs/contract.md). */
    privateToken: string;
}

/** What key work needs from a crypto implementation. */
export interface KeyBackend {
    generate(): Promise<{privatePem: string; publicPem: string; jwk: PublicJwk}>;
    sha256(data: Uint8Array): Promise<Uint8Array>;
    /** Reads an SPKI (or PKCS#1 RSA) public key PEM; throws when it is not an RSA public key. */
    publicJwk(pem: string): Promise<PublicJwk>;
}

/** The key pair a run ends with, as far as verification needs it. */
export interface RunKeys {
    jwk: PublicJwk;
    thumbprint: string;
    publicPem: string;
    /** The secret tokens that stand for our private key (exact text, and with CRLF line ends). */
    privateTokens: string[];
}

/** A new key pair, with the private half kept for the one request that saves it. */
export interface NewKeys extends RunKeys {
    privatePem: string;
}

/**
 * Bytes to base64.
 *
 * @param bytes the bytes
 * @returns base64 text
 */
export function toBase64(bytes: Uint8Array): string {
    let bin = '';
    for (let i = 0; i < bytes.length; i += 0x8000) {
        bin += String.fromCharCode(...Array.from(bytes.subarray(i, i + 0x8000)));
    }
    return btoa(bin);
}

/**
 * Base64 (or base64url) to bytes.
 *
 * @param b64 the text
 * @returns the bytes
 */
export function fromBase64(b64: string): Uint8Array {
    let s = b64.replace(/-/g, '+').replace(/_/g, '/').replace(/\s+/g, '');
    while (s.length % 4 !== 0) {
        s += '=';
    }
    const bin = atob(s);
    return Uint8Array.from(bin, (ch) => ch.charCodeAt(0));
}

/**
 * Bytes to base64url without padding (JOSE).
 *
 * @param bytes the bytes
 * @returns base64url text
 */
export function toBase64Url(bytes: Uint8Array): string {
    return toBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/[=]+$/, '');
}

/**
 * Bytes to lowercase hex.
 *
 * @param bytes the bytes
 * @returns hex
 */
export function toHex(bytes: Uint8Array): string {
    return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Wraps DER bytes as PEM with 64-column lines. No newline after the END line: the shim's secret token hashes
 * the block from BEGIN to END, so the text we send is exactly the block.
 *
 * @param label e.g. PRIVATE KEY
 * @param der the bytes
 * @returns the PEM text
 */
export function toPem(label: string, der: Uint8Array): string {
    const lines = toBase64(der).match(/.{1,64}/g) ?? [];
    return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----`;
}

/**
 * Reads the first PEM block.
 *
 * @param pem the text
 * @returns label and DER bytes, or null
 */
export function fromPem(pem: string): {label: string; der: Uint8Array} | null {
    const m = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/.exec(pem);
    if (!m || !m[1] || m[2] === undefined) {
        return null;
    }
    try {
        return {label: m[1], der: fromBase64(m[2])};
    } catch {
        return null;
    }
}

/**
 * UTF-8 bytes of a string.
 *
 * @param s the text
 * @returns bytes
 */
export function utf8(s: string): Uint8Array {
    return new TextEncoder().encode(s);
}

/**
 * The RFC 7638 thumbprint of an RSA public JWK.
 *
 * @param backend the crypto
 * @param jwk the key
 * @returns base64url SHA-256 of the canonical JSON
 */
export async function thumbprint(backend: KeyBackend, jwk: PublicJwk): Promise<string> {
    // Members in lexicographic order, no whitespace (RFC 7638 §3.3).
    const canonical = `{"e":"${jwk.e}","kty":"RSA","n":"${jwk.n}"}`;
    return toBase64Url(await backend.sha256(utf8(canonical)));
}

/**
 * The token the shim puts in place of a private key PEM: [[secret:sha256:<hex of the PEM text>]].
 *
 * @param backend the crypto
 * @param pem the PEM text exactly as it is sent and read back
 * @returns the token
 */
export async function secretToken(backend: KeyBackend, pem: string): Promise<string> {
    return `[[secret:sha256:${toHex(await backend.sha256(utf8(pem)))}]]`;
}

/**
 * A short fingerprint of a secret token, for display.
 *
 * @param token the token
 * @returns e.g. "sha256:0123456789abcdef…", or "" for an empty value
 */
export function tokenFingerprint(token: string): string {
    const m = /^\[\[secret:sha256:([0-9a-f]{64})\]\]$/.exec(token.trim());
    if (m && m[1]) {
        return 'sha256:' + m[1].slice(0, 16) + '…';
    }
    return token.trim() === '' ? '' : 'sha256:?';
}

/**
 * The WebCrypto backend.
 *
 * @param subtle crypto.subtle
 * @returns the backend
 */
export function webCryptoBackend(subtle: SubtleCrypto): KeyBackend {
    const alg = {name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256'};
    return {
        async generate() {
            const kp = await subtle.generateKey({...alg, modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1])},
                true, ['sign', 'verify']);
            const [pkcs8, spki, jwk] = await Promise.all([
                subtle.exportKey('pkcs8', kp.privateKey), subtle.exportKey('spki', kp.publicKey),
                subtle.exportKey('jwk', kp.publicKey),
            ]);
            return {
                privatePem: toPem('PRIVATE KEY', new Uint8Array(pkcs8)),
                publicPem: toPem('PUBLIC KEY', new Uint8Array(spki)),
                jwk: {kty: 'RSA', n: jwk.n ?? '', e: jwk.e ?? ''},
            };
        },
        async sha256(data) {
            return new Uint8Array(await subtle.digest('SHA-256', data.slice()));
        },
        async publicJwk(pem) {
            const block = fromPem(pem);
            if (!block || block.label !== 'PUBLIC KEY') {
                throw new Error('not an SPKI public key');
            }
            const key = await subtle.importKey('spki', block.der.slice(), alg, true, ['verify']);
            const jwk = await subtle.exportKey('jwk', key);
            return {kty: 'RSA', n: jwk.n ?? '', e: jwk.e ?? ''};
        },
    };
}

/**
 * Chooses the backend: WebCrypto when present, otherwise the forge module from the loader.
 *
 * @param loadForge loads the forge_keys-lazy module
 * @param subtle crypto.subtle, when the page has it
 * @returns the backend
 */
export async function chooseBackend(loadForge: () => Promise<KeyBackend>,
        subtle: SubtleCrypto | undefined = globalThis.crypto?.subtle): Promise<KeyBackend> {
    return subtle ? webCryptoBackend(subtle) : loadForge();
}

/**
 * Generates the key pair with everything verification needs.
 *
 * @param backend the crypto
 * @returns the key pair
 */
export async function generateKeyPair(backend: KeyBackend): Promise<KeyPair> {
    const k = await backend.generate();
    const [tp, token] = await Promise.all([thumbprint(backend, k.jwk), secretToken(backend, k.privatePem)]);
    return {...k, thumbprint: tp, privateToken: token};
}
