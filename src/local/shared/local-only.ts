// The guard every local server puts in front of its handlers. The servers change data without
// credentials, as local development tools do, so only the person at this machine may use them; a web
// page from any other site, open in that person's browser, must not. Two checks:
// - Host: a browser sends the name it resolved. A page on evil.example whose DNS answer is re-bound to
//   127.0.0.1 (DNS rebinding) reaches the port as "same origin" and sends `Host: evil.example`, so any
//   Host that is not a loopback name or address is refused (421), whatever the Origin says.
// - Origin: browsers name the page that made a request in `Origin` (every POST, every CORS request) and
//   in `Sec-Fetch-Site`. A route whose policy refuses cross-origin use answers only requests without a
//   browser origin (CLI, AWS SDK in Node, curl) and the allowed origins: the local cloud's own pages and
//   the development servers configured for it.
import type { IncomingMessage } from 'node:http';
import { networkInterfaces } from 'node:os';

export interface LocalOnlyPolicy {
  /** Origins treated as this machine's own pages (`https://127.0.0.1:20002`), exactly as browsers send them. */
  allowedOrigins: ReadonlySet<string>;
  /** 'allow': any origin may call the route (AppSync, Cognito's public actions); 'refuse': only allowed origins. */
  crossOrigin: 'allow' | 'refuse';
  /** Host names or addresses accepted besides loopback ones (the addresses a server bound beyond loopback listens on). */
  extraHosts?: ReadonlySet<string>;
}

/** Why a request was refused: the status to answer, a short code, and a sentence saying why and what to do. */
export class LocalRequestRefusal extends Error {
  override name = 'LocalRequestRefusal';
  constructor(
    readonly status: 403 | 421,
    readonly code: 'ForeignHost' | 'ForeignOrigin',
    message: string,
  ) {
    super(message);
  }
}

export class ForeignHostRefusal extends LocalRequestRefusal {
  override name = 'ForeignHostRefusal';
  constructor(readonly host: string | undefined) {
    super(
      421,
      'ForeignHost',
      `Refused: this local server answers only requests addressed to a loopback name or address (localhost, 127.0.0.1, [::1]), ` +
        `not Host ${host === undefined ? '(none)' : JSON.stringify(host)}. A page that reaches it under another name (DNS rebinding) is not ` +
        `this machine's user; open it as http(s)://127.0.0.1:<port> or http(s)://localhost:<port>.`,
    );
  }
}

export class ForeignOriginRefusal extends LocalRequestRefusal {
  override name = 'ForeignOriginRefusal';
  constructor(readonly origin: string) {
    super(
      403,
      'ForeignOrigin',
      `Refused: this local route serves only this machine's own pages, not a page from ${origin}. ` +
        `If that is your development server, add its origin to the local cloud's allowed origins ` +
        `(npm start -- --allow-origin ${origin === 'null' ? '<origin>' : origin}, or the allowedOrigins start option).`,
    );
  }
}

/** The name or address a Host header (or URL host) names, without port, brackets or a trailing dot, lower case. */
export function hostName(hostHeader: string): string {
  const host = hostHeader.trim().toLowerCase();
  if (host.startsWith('[')) {
    const end = host.indexOf(']');
    return end < 0 ? host : host.slice(1, end);
  }
  // More than one colon and no brackets: a bare IPv6 address (not valid in Host, but not a name either).
  if (host.indexOf(':') !== host.lastIndexOf(':')) return host;
  return host.replace(/:\d*$/, '').replace(/\.$/, '');
}

/** True for localhost (and *.localhost, which browsers resolve to loopback), 127.0.0.0/8 and ::1, with any port. */
export function isLoopbackHost(hostHeader: string | undefined): boolean {
  if (!hostHeader) return false;
  return isLoopbackName(hostName(hostHeader));
}

function isLoopbackName(name: string): boolean {
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  if (name === '::1' || name === '0:0:0:0:0:0:0:1') return true;
  const v4 = name.startsWith('::ffff:') ? name.slice('::ffff:'.length) : name;
  const parts = v4.split('.');
  return parts.length === 4 && parts[0] === '127' && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

/** True when the address a server listens on is a loopback address (or name). */
export function isLoopbackAddress(address: string): boolean {
  return isLoopbackName(hostName(address.includes(':') && !address.startsWith('[') ? `[${address}]` : address));
}

/**
 * The host names a server bound to `bindAddress` accepts besides loopback ones: none on loopback, the
 * address itself for one interface, every interface's address for a wildcard. Names never: a name other
 * than localhost is what DNS rebinding uses; IP literals cannot be re-bound.
 */
export function hostsForBinding(bindAddress: string): ReadonlySet<string> {
  if (isLoopbackAddress(bindAddress)) return new Set();
  if (bindAddress === '0.0.0.0' || bindAddress === '::') {
    const all = Object.values(networkInterfaces()).flatMap((list) => (list ?? []).map((i) => i.address.toLowerCase()));
    return new Set(all);
  }
  return new Set([hostName(bindAddress.includes(':') && !bindAddress.startsWith('[') ? `[${bindAddress}]` : bindAddress)]);
}

/** The local cloud's own origins for a port: https (or http) on 127.0.0.1, localhost and [::1]. */
export function ownOrigins(port: number, scheme: 'https' | 'http' = 'https'): string[] {
  return [`${scheme}://127.0.0.1:${port}`, `${scheme}://localhost:${port}`, `${scheme}://[::1]:${port}`];
}

/** The origin a browser named for the request, or undefined for a request no browser page made. */
export function requestOrigin(req: IncomingMessage): string | undefined {
  const origin = single(req.headers.origin);
  if (origin !== undefined) return origin;
  // No Origin: a navigation or a no-cors subresource. Sec-Fetch-Site still says whether another site made it.
  const site = single(req.headers['sec-fetch-site']);
  const navigation = single(req.headers['sec-fetch-mode']) === 'navigate' && (req.method === 'GET' || req.method === 'HEAD');
  if ((site === 'cross-site' || site === 'same-site') && !navigation) return 'null';
  return undefined;
}

/** The refusal for a request this machine's user did not make, or undefined when it may be served. */
export function refuseForeign(req: IncomingMessage, policy: LocalOnlyPolicy): LocalRequestRefusal | undefined {
  const host = single(req.headers.host);
  if (!isLoopbackHost(host) && !(host !== undefined && policy.extraHosts?.has(hostName(host)))) return new ForeignHostRefusal(host);
  if (policy.crossOrigin === 'allow') return undefined;
  const origin = requestOrigin(req);
  if (origin === undefined || policy.allowedOrigins.has(origin)) return undefined;
  return new ForeignOriginRefusal(origin);
}

/**
 * The Access-Control-Allow-Origin value for a response: `*` on routes any origin may use, else the
 * request's origin when allowed (nothing otherwise, so browsers keep the answer from other pages).
 */
export function allowOriginHeader(req: IncomingMessage, policy: LocalOnlyPolicy): Record<string, string> {
  if (policy.crossOrigin === 'allow') return { 'access-control-allow-origin': '*' };
  const origin = single(req.headers.origin);
  return origin !== undefined && policy.allowedOrigins.has(origin) ? { 'access-control-allow-origin': origin, vary: 'Origin' } : { vary: 'Origin' };
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
