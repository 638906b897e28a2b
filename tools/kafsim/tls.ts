// The simulator's certificates: a test CA (made once, kept in a folder a test Moodle trusts the way a site trusts a CA,
// through a CA file), and server certificates it signs for 127.0.0.1 / localhost, good or deliberately bad (expired,
// for another name, or signed by a CA nobody trusts) so that tests can show each refused.

import {generateKeyPairSync, randomBytes} from 'node:crypto';
import {existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync} from 'node:fs';
import {homedir, tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import forge from 'node-forge';

/** Which server certificate to present. */
export type CertKind = 'good' | 'expired' | 'wrongname' | 'untrusted';

export const CERT_KINDS: CertKind[] = ['good', 'expired', 'wrongname', 'untrusted'];

export interface TestCa {
    certPem: string;
    keyPem: string;
    /** Path of the CA certificate (PEM): what a client trusts. */
    certPath: string;
}

export interface ServerCert {
    certPem: string;
    keyPem: string;
    certPath: string;
    keyPath: string;
}

/** The test CA's folder: KAFSIM_CA_DIR, else the project's cache (where scripts/moodle.sh finds it too). */
export function defaultCaDir(): string {
    return process.env.KAFSIM_CA_DIR ?? join(homedir(), '.cache', 'tool_kalturalti13', 'test-ca');
}

/**
 * A fresh RSA-2048 key pair as PEM (made natively: fast).
 *
 * @returns the PEMs
 */
function rsaPair(): {keyPem: string; pubPem: string} {
    const {privateKey, publicKey} = generateKeyPairSync('rsa', {modulusLength: 2048});
    return {keyPem: privateKey.export({format: 'pem', type: 'pkcs8'}).toString(),
        pubPem: publicKey.export({format: 'pem', type: 'spki'}).toString()};
}

/**
 * Makes a CA certificate (10 years).
 *
 * @param name its common name
 * @returns PEMs
 */
function makeCa(name: string): {certPem: string; keyPem: string} {
    const {keyPem, pubPem} = rsaPair();
    const cert = forge.pki.createCertificate();
    cert.publicKey = forge.pki.publicKeyFromPem(pubPem);
    cert.serialNumber = '01' + randomBytes(8).toString('hex');
    const now = Date.now();
    cert.validity.notBefore = new Date(now - 3600 * 1000);
    cert.validity.notAfter = new Date(now + 10 * 365 * 24 * 3600 * 1000);
    const attrs = [{name: 'commonName', value: name}, {name: 'organizationName', value: 'kafsim'}];
    cert.setSubject(attrs);
    cert.setIssuer(attrs);
    cert.setExtensions([
        {name: 'basicConstraints', cA: true, critical: true},
        {name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true},
        {name: 'subjectKeyIdentifier'},
    ]);
    cert.sign(forge.pki.privateKeyFromPem(keyPem), forge.md.sha256.create());
    return {certPem: forge.pki.certificateToPem(cert), keyPem};
}

/**
 * The test CA in a folder: read when it is there, made (once) when it is not.
 *
 * @param dir the folder (default: defaultCaDir())
 * @returns the CA
 */
export function testCa(dir = defaultCaDir()): TestCa {
    const certPath = join(dir, 'ca.pem');
    const keyPath = join(dir, 'ca.key');
    if (!existsSync(certPath) || !existsSync(keyPath)) {
        // Made in a folder of its own and renamed into place: simulators starting at once never see half a CA.
        mkdirSync(dirname(dir), {recursive: true});
        const tmp = mkdtempSync(dir + '.new-');
        const ca = makeCa('tool_kalturalti13 test CA');
        writeFileSync(join(tmp, 'ca.key'), ca.keyPem, {mode: 0o600});
        writeFileSync(join(tmp, 'ca.pem'), ca.certPem);
        try {
            renameSync(tmp, dir);
        } catch {
            // Another process made it first: use theirs.
            rmSync(tmp, {recursive: true, force: true});
        }
    }
    return {certPem: readFileSync(certPath, 'utf8'), keyPem: readFileSync(keyPath, 'utf8'), certPath};
}

/**
 * A server certificate for 127.0.0.1 and localhost signed by the CA (or, for 'untrusted', by a throwaway CA), written
 * to a folder. 'expired' ended yesterday; 'wrongname' names only kaf.wrong.example.
 *
 * @param ca the test CA
 * @param kind which certificate
 * @param dir folder for cert.pem / key.pem (default: a new temporary folder)
 * @returns PEMs and paths
 */
export function serverCert(ca: TestCa, kind: CertKind = 'good', dir?: string): ServerCert {
    const issuer = kind === 'untrusted' ? makeCa('kafsim untrusted CA') : ca;
    const {keyPem, pubPem} = rsaPair();
    const cert = forge.pki.createCertificate();
    cert.publicKey = forge.pki.publicKeyFromPem(pubPem);
    cert.serialNumber = '02' + randomBytes(8).toString('hex');
    const now = Date.now();
    const day = 24 * 3600 * 1000;
    cert.validity.notBefore = new Date(now - (kind === 'expired' ? 30 * day : 60000));
    cert.validity.notAfter = new Date(now + (kind === 'expired' ? -day : 7 * day));
    const name = kind === 'wrongname' ? 'kaf.wrong.example' : '127.0.0.1';
    cert.setSubject([{name: 'commonName', value: name}, {name: 'organizationName', value: 'kafsim'}]);
    cert.setIssuer(forge.pki.certificateFromPem(issuer.certPem).subject.attributes);
    cert.setExtensions([
        {name: 'basicConstraints', cA: false},
        {name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true},
        {name: 'extKeyUsage', serverAuth: true},
        {name: 'subjectAltName', altNames: kind === 'wrongname' ? [{type: 2, value: 'kaf.wrong.example'}]
            : [{type: 7, ip: '127.0.0.1'}, {type: 2, value: 'localhost'}]},
    ]);
    cert.sign(forge.pki.privateKeyFromPem(issuer.keyPem), forge.md.sha256.create());
    const certPem = forge.pki.certificateToPem(cert);
    const target = dir ?? mkdtempSync(join(tmpdir(), 'kafsim-tls-'));
    mkdirSync(target, {recursive: true});
    const certPath = join(target, 'cert.pem');
    const keyPath = join(target, 'key.pem');
    writeFileSync(certPath, certPem);
    writeFileSync(keyPath, keyPem, {mode: 0o600});
    return {certPem, keyPem, certPath, keyPath};
}

// Run as a script (scripts/moodle.sh): make sure the test CA exists and print its certificate's path.
if (process.argv[1] && /tls\.ts$/.test(process.argv[1]) && process.argv[2] === 'ca') {
    console.log(testCa(process.argv[3] || defaultCaDir()).certPath);
}
