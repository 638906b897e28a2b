// A self-signed certificate for 127.0.0.1 / localhost, written to a temporary directory.

import {generateKeyPairSync, randomBytes} from 'node:crypto';
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import forge from 'node-forge';

export interface SelfSigned {
    certPem: string;
    keyPem: string;
    certPath: string;
    keyPath: string;
}

/**
 * Creates a self-signed certificate (RSA 2048, SHA-256, SAN 127.0.0.1 and localhost, valid 7 days).
 * The key is generated natively (fast); node-forge builds and signs the certificate.
 *
 * @param dir directory to write cert.pem and key.pem into (default: a new temporary directory)
 * @returns PEMs and paths
 */
export function createSelfSigned(dir?: string): SelfSigned {
    const {privateKey, publicKey} = generateKeyPairSync('rsa', {modulusLength: 2048});
    const keyPem = privateKey.export({format: 'pem', type: 'pkcs8'}).toString();
    const pubPem = publicKey.export({format: 'pem', type: 'spki'}).toString();
    const cert = forge.pki.createCertificate();
    cert.publicKey = forge.pki.publicKeyFromPem(pubPem);
    cert.serialNumber = '01' + randomBytes(8).toString('hex');
    const now = new Date();
    cert.validity.notBefore = new Date(now.getTime() - 60000);
    cert.validity.notAfter = new Date(now.getTime() + 7 * 24 * 3600 * 1000);
    const attrs = [{name: 'commonName', value: '127.0.0.1'}, {name: 'organizationName', value: 'kafsim'}];
    cert.setSubject(attrs);
    cert.setIssuer(attrs);
    cert.setExtensions([
        {name: 'basicConstraints', cA: true},
        {name: 'keyUsage', digitalSignature: true, keyEncipherment: true, keyCertSign: true},
        {name: 'extKeyUsage', serverAuth: true},
        {name: 'subjectAltName', altNames: [{type: 7, ip: '127.0.0.1'}, {type: 2, value: 'localhost'}]},
    ]);
    cert.sign(forge.pki.privateKeyFromPem(keyPem), forge.md.sha256.create());
    const certPem = forge.pki.certificateToPem(cert);
    const target = dir ?? mkdtempSync(join(tmpdir(), 'kafsim-tls-'));
    const certPath = join(target, 'cert.pem');
    const keyPath = join(target, 'key.pem');
    writeFileSync(certPath, certPem);
    writeFileSync(keyPath, keyPem, {mode: 0o600});
    return {certPem, keyPem, certPath, keyPath};
}
