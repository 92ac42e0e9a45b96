// The local CA that people trust system-wide can vouch only for loopback names and addresses: a
// certificate it signs for any other name fails verification, an unconstrained CA left by an older
// version is replaced (and the log says so), and a constrained one is kept across restarts.
import { readFile, writeFile } from 'node:fs/promises';
import { createServer, request } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import forge from 'node-forge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOrCreateTls } from '../../src/local/tls/certificate-authority.js';
import { tempDir } from '../local/helpers.js';

let dir: Awaited<ReturnType<typeof tempDir>>;
beforeAll(async () => {
  dir = await tempDir('security-ca-');
});
afterAll(async () => {
  await dir?.remove();
});

/** A certificate for `names`, signed by the key in `<dir>/ca-key.pem` (as a thief of that key could). */
function leafSignedBy(caBundle: string, names: string[]): { keyPem: string; certPem: string } {
  const caKey = forge.pki.privateKeyFromPem(caBundle);
  const caCert = forge.pki.certificateFromPem(caBundle.slice(caBundle.indexOf('-----BEGIN CERTIFICATE-----')));
  const keys = forge.pki.rsa.generateKeyPair({ bits: 1024, e: 0x10001 });
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = '0a';
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 86_400_000);
  cert.setSubject([{ name: 'commonName', value: names[0]! }]);
  cert.setIssuer(caCert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'subjectAltName', altNames: names.map((value) => (/^[\d.]+$/.test(value) ? { type: 7, ip: value } : { type: 2, value })) },
  ]);
  cert.sign(caKey, forge.md.sha256.create());
  return { keyPem: forge.pki.privateKeyToPem(keys.privateKey), certPem: forge.pki.certificateToPem(cert) };
}

async function handshake(leaf: { keyPem: string; certPem: string }, caPem: string): Promise<string> {
  const server = createServer({ key: leaf.keyPem, cert: leaf.certPem }, (_req, res) => res.end('ok'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  try {
    return await new Promise<string>((resolve) => {
      const req = request({ host: 'localhost', port, path: '/', ca: caPem }, (res) => {
        res.setEncoding('utf8');
        res.on('data', (text: string) => resolve(text));
      });
      req.on('error', (error: NodeJS.ErrnoException) => resolve(`${error.code ?? ''} ${error.message}`));
      req.end();
    });
  } finally {
    server.closeAllConnections();
    server.close();
  }
}

describe('the local CA', () => {
  it('vouches for loopback names only: a certificate it signs that also names another site is refused', async () => {
    const tls = await loadOrCreateTls({ dir: dir.dir });
    const bundle = await readFile(join(dir.dir, 'ca-key.pem'), 'utf8');
    expect(await handshake(leafSignedBy(bundle, ['localhost', '127.0.0.1']), tls.caCertPem)).toBe('ok');
    expect(await handshake(leafSignedBy(bundle, ['localhost', 'www.example.com']), tls.caCertPem)).toMatch(/subtree violation|PERMITTED_SUBTREE/i);
    expect(await handshake(leafSignedBy(bundle, ['localhost', '10.0.0.1']), tls.caCertPem)).toMatch(/subtree violation|PERMITTED_SUBTREE/i);
  });

  it('replaces an unconstrained CA from an older version, says so, and keeps the constrained one afterwards', async () => {
    const old = await tempDir('security-ca-old-');
    try {
      // An older version's CA: same shape, no name constraints.
      const keys = forge.pki.rsa.generateKeyPair({ bits: 1024, e: 0x10001 });
      const cert = forge.pki.createCertificate();
      cert.publicKey = keys.publicKey;
      cert.serialNumber = '01';
      cert.validity.notBefore = new Date(Date.now() - 60_000);
      cert.validity.notAfter = new Date(Date.now() + 86_400_000);
      cert.setSubject([{ name: 'commonName', value: 'old local CA' }]);
      cert.setIssuer([{ name: 'commonName', value: 'old local CA' }]);
      cert.setExtensions([{ name: 'basicConstraints', cA: true, critical: true }]);
      cert.sign(keys.privateKey, forge.md.sha256.create());
      const oldCa = forge.pki.certificateToPem(cert);
      await writeFile(join(old.dir, 'ca-key.pem'), forge.pki.privateKeyToPem(keys.privateKey) + oldCa);

      const lines: string[] = [];
      const replaced = await loadOrCreateTls({ dir: old.dir, log: (line) => lines.push(line) });
      expect(replaced.caCertPem).not.toBe(oldCa);
      expect(lines.join('\n')).toMatch(/replaced the local CA.*not name-constrained/);
      expect(await readFile(join(old.dir, 'ca.pem'), 'utf8')).toBe(replaced.caCertPem);

      const again: string[] = [];
      const kept = await loadOrCreateTls({ dir: old.dir, log: (line) => again.push(line) });
      expect(kept.caCertPem).toBe(replaced.caCertPem);
      expect(again).toEqual([]);
    } finally {
      await old.remove();
    }
  });
});
