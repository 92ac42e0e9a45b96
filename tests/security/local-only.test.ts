// The guard's decisions, on request heads as browsers, DNS-rebinding pages and CLIs send them.
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import {
  ForeignHostRefusal,
  ForeignOriginRefusal,
  hostsForBinding,
  isLoopbackHost,
  ownOrigins,
  refuseForeign,
  type LocalOnlyPolicy,
} from '../../src/local/shared/local-only.js';

const head = (headers: Record<string, string>, method = 'POST') => ({ method, headers }) as unknown as IncomingMessage;
const own = new Set(ownOrigins(20002));
const refuse: LocalOnlyPolicy = { allowedOrigins: own, crossOrigin: 'refuse' };
const allow: LocalOnlyPolicy = { allowedOrigins: own, crossOrigin: 'allow' };

describe('isLoopbackHost', () => {
  it.each(['localhost', 'localhost:9325', 'LOCALHOST.', 'app.localhost:3000', '127.0.0.1', '127.0.0.1:20002', '127.1.2.3:1', '[::1]:20003', '[::1]'])(
    'accepts %s',
    (host) => expect(isLoopbackHost(host)).toBe(true),
  );
  it.each([undefined, '', 'evil.example', 'evil.example:9325', '127.0.0.1.evil.example', 'localhost.evil.example', '10.0.0.5:9325', '[::2]:1', '1127.0.0.1', '127.0.0.256'])(
    'refuses %s',
    (host) => expect(isLoopbackHost(host)).toBe(false),
  );
});

describe('refuseForeign', () => {
  it('refuses a foreign Host with 421 whatever the policy and origin', () => {
    for (const policy of [refuse, allow]) {
      const refusal = refuseForeign(head({ host: 'evil.example:9325', origin: 'http://evil.example:9325' }), policy);
      expect(refusal).toBeInstanceOf(ForeignHostRefusal);
      expect(refusal?.status).toBe(421);
      expect(refusal?.message).toMatch(/loopback/);
    }
  });

  it('serves requests without a browser origin (CLI, SDK, curl)', () => {
    expect(refuseForeign(head({ host: '127.0.0.1:9325' }), refuse)).toBeUndefined();
    expect(refuseForeign(head({ host: 'localhost:9325', 'sec-fetch-site': 'none' }, 'GET'), refuse)).toBeUndefined();
  });

  it("serves the cloud's own pages and refuses other origins with 403 on local-only routes", () => {
    expect(refuseForeign(head({ host: '127.0.0.1:9325', origin: 'https://localhost:20002' }), refuse)).toBeUndefined();
    const refusal = refuseForeign(head({ host: '127.0.0.1:9325', origin: 'https://evil.example' }), refuse);
    expect(refusal).toBeInstanceOf(ForeignOriginRefusal);
    expect(refusal?.status).toBe(403);
    expect(refusal?.message).toMatch(/--allow-origin https:\/\/evil\.example/);
    // Another local port is another origin: a development server must be listed.
    expect(refuseForeign(head({ host: '127.0.0.1:9325', origin: 'http://localhost:5173' }), refuse)).toBeInstanceOf(ForeignOriginRefusal);
    expect(refuseForeign(head({ host: '127.0.0.1:9325', origin: 'null' }), refuse)).toBeInstanceOf(ForeignOriginRefusal);
  });

  it('refuses cross-site requests without Origin (no-cors subresources) but not top-level navigations', () => {
    expect(refuseForeign(head({ host: '127.0.0.1:9325', 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'no-cors' }, 'GET'), refuse)).toBeInstanceOf(
      ForeignOriginRefusal,
    );
    expect(refuseForeign(head({ host: '127.0.0.1:9325', 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate' }, 'GET'), refuse)).toBeUndefined();
  });

  it('lets any origin use routes whose policy allows cross-origin use', () => {
    expect(refuseForeign(head({ host: 'localhost:9325', origin: 'https://evil.example' }), allow)).toBeUndefined();
  });

  it('accepts the addresses of a server bound beyond loopback, never names', () => {
    const extraHosts = hostsForBinding('192.168.1.20');
    expect(refuseForeign(head({ host: '192.168.1.20:9325' }), { ...refuse, extraHosts })).toBeUndefined();
    expect(refuseForeign(head({ host: 'evil.example:9325' }), { ...refuse, extraHosts })).toBeInstanceOf(ForeignHostRefusal);
    expect(hostsForBinding('127.0.0.1').size).toBe(0);
  });
});
