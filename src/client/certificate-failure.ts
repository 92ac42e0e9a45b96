import { UntrustedCertificateError } from './errors.js';

// Node's TLS verification failures (OpenSSL's codes as Node reports them). A browser gives a page
// no reason for a failed request, so there this finds nothing and the error stays a NetworkError.
const UNTRUSTED = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_SIGNATURE_FAILURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/**
 * The untrusted-certificate error behind a failed request, if that is why it failed. Amplify wraps
 * fetch's `TypeError: fetch failed` (its `underlyingError`), whose `cause` carries the TLS code;
 * the whole chain is searched, so other wrappings are found too.
 */
export function untrustedCertificate(thrown: unknown, url: string | undefined, operation: string): UntrustedCertificateError | undefined {
  const queue: unknown[] = [thrown];
  // The queue only grows by distinct objects, so a cause that refers back to itself ends the search.
  for (let i = 0; i < queue.length; i++) {
    const record = queue[i] as Record<string, unknown>;
    if (typeof record.code === 'string' && UNTRUSTED.has(record.code)) {
      const reason = typeof record.message === 'string' ? `${record.message} (${record.code})` : record.code;
      return new UntrustedCertificateError(
        `${operation}: the certificate of ${originOf(url)} is not trusted: ${reason}. ` +
          'Trust the certificate authority that signed it: start Node with NODE_EXTRA_CA_CERTS=<its PEM file> ' +
          "(the local cloud's is amplify/mock-data/tls/ca.pem), or call prepareNodeRuntime({ trustedCaPem }) " +
          'from the SDK\'s node entry before the first call.',
        { operation, cause: thrown },
      );
    }
    const next = [record.underlyingError, record.cause, record.originalError, ...(Array.isArray(record.errors) ? record.errors : [])];
    for (const item of next) if (typeof item === 'object' && item !== null && !queue.includes(item)) queue.push(item);
  }
  return undefined;
}

function originOf(url: string | undefined): string {
  if (!url) return 'the server';
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}
