// The local certificate authority: kept and reused, server certificate renewed for new host names,
// and trusted by a TLS client given the CA file only.
import { X509Certificate } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { createServer, request } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOrCreateTls, TlsSetupError, type TlsMaterial } from '../../src/local/tls/certificate-authority.js';
import { tempDir } from './helpers.js';

let dir: Awaited<ReturnType<typeof tempDir>>;

beforeAll(async () => {
  dir = await tempDir('local-tls-');
});

afterAll(async () => {
  await dir?.remove();
});

async function handshake(tls: TlsMaterial, host: string, ca: string | undefined): Promise<string> {
  const server = createServer({ key: tls.serverKeyPem, cert: tls.serverCertPem }, (_req, res) => res.end('ok'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  try {
    return await new Promise<string>((resolve) => {
      const req = request({ host, port, path: '/', ...(ca ? { ca } : {}) }, (res) => {
        res.setEncoding('utf8');
        res.on('data', (text: string) => resolve(text));
      });
      req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
      req.end();
    });
  } finally {
    server.closeAllConnections();
    server.close();
  }
}

describe('loadOrCreateTls', () => {
  it('makes a CA and a server certificate for the loopback names that a client trusts through the CA alone', async () => {
    const tls = await loadOrCreateTls({ dir: dir.dir });
    expect(tls.caCertPath).toBe(join(dir.dir, 'ca.pem'));
    expect(await readFile(tls.caCertPath!, 'utf8')).toBe(tls.caCertPem);
    expect(await handshake(tls, '127.0.0.1', tls.caCertPem)).toBe('ok');
    expect(await handshake(tls, 'localhost', tls.caCertPem)).toBe('ok');
    expect(await handshake(tls, '127.0.0.1', undefined)).toMatch(/UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED|UNABLE_TO_GET_ISSUER/);
    const ca = new X509Certificate(tls.caCertPem);
    expect(ca.ca).toBe(true);
    expect(new X509Certificate(tls.serverCertPem).checkIssued(ca)).toBe(true);
  });

  it('reuses what it made', async () => {
    const first = await loadOrCreateTls({ dir: dir.dir });
    const second = await loadOrCreateTls({ dir: dir.dir });
    expect(second).toEqual(first);
  });

  // Another loopback name: the CA is constrained to loopback names, so only those are ever asked for.
  it('keeps the CA but renews the server certificate when asked for another host name', async () => {
    const before = await loadOrCreateTls({ dir: dir.dir });
    const after = await loadOrCreateTls({ dir: dir.dir, hosts: ['wildrydes.localhost'] });
    expect(after.caCertPem).toBe(before.caCertPem);
    expect(after.serverCertPem).not.toBe(before.serverCertPem);
    expect(new X509Certificate(after.serverCertPem).checkHost('wildrydes.localhost')).toBe('wildrydes.localhost');
    expect(new X509Certificate(after.serverCertPem).checkIP('127.0.0.1')).toBe('127.0.0.1');
  });

  it('says what to do with a damaged key file', async () => {
    const other = await tempDir('local-tls-');
    try {
      await writeFile(join(other.dir, 'ca-key.pem'), 'garbage');
      await expect(loadOrCreateTls({ dir: other.dir })).rejects.toThrow(TlsSetupError);
      await expect(loadOrCreateTls({ dir: other.dir })).rejects.toThrow(/remove it to have it made again/);
    } finally {
      await other.remove();
    }
  });

  it('makes a throwaway CA in memory without a folder', async () => {
    const tls = await loadOrCreateTls();
    expect(tls.caCertPath).toBeUndefined();
    expect(await handshake(tls, '127.0.0.1', tls.caCertPem)).toBe('ok');
  });
});
