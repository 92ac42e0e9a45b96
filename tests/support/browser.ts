// Chromium for page tests: Debian's package (/usr/bin/chromium; Playwright's own browser download
// does not work here), driven by playwright-core. The local cloud's certificate is trusted precisely:
// Chromium is told the SHA-256 of the server certificate's public key, and every other certificate
// error still fails the page.
import { createHash, X509Certificate } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = process.env.WILDRYDES_CHROMIUM ?? '/usr/bin/chromium';

export class BrowserMissingError extends Error {
  override name = 'BrowserMissingError';
}

/** base64 SHA-256 of the certificate's SubjectPublicKeyInfo, as --ignore-certificate-errors-spki-list takes it. */
export function spkiHash(certPem: string): string {
  const spki = new X509Certificate(certPem).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('base64');
}

/** Headless Chromium that trusts exactly the given server certificates. */
export async function launchChromium(options: { trustCertPems?: string[] } = {}): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new BrowserMissingError(`no Chromium at ${CHROMIUM_PATH}: run \`bash scripts/install-chromium.sh\` (Debian's chromium package), or set WILDRYDES_CHROMIUM`);
  }
  const pins = (options.trustCertPems ?? []).map(spkiHash);
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      // Root (as in CI) cannot use Chromium's sandbox.
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      // This machine's network is closed: background requests to Google would fail by the dozen.
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...(pins.length > 0 ? [`--ignore-certificate-errors-spki-list=${pins.join(',')}`] : []),
    ],
  });
}
