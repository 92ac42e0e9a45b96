// The token verifier remembers tokens it verified (token-verifier.ts), so that a client's next
// request with the same token skips the signature check. What it remembers must never let through
// what a full verification refuses: an expired token, a revoked one, or a token that differs from a
// verified one by a byte.
import { generateKeyPairSync, sign } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTokenVerifier, UnauthorizedError, VERIFIED_TOKENS_KEPT } from '../../src/local/appsync/token-verifier.js';

const POOL = 'us-east-1_cachetest';
const ISSUER = `https://cognito-idp.us-east-1.amazonaws.com/${POOL}`;
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const JWKS = { keys: [{ ...(publicKey.export({ format: 'jwk' }) as Record<string, unknown>), kid: 'k1', alg: 'RS256', use: 'sig' }] };

const segment = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
function token(claims: Record<string, unknown>): string {
  const body = `${segment({ kid: 'k1', alg: 'RS256' })}.${segment(claims)}`;
  return `${body}.${sign('sha256', Buffer.from(body), privateKey).toString('base64url')}`;
}
const now = () => Math.floor(Date.now() / 1000);
const claims = (extra: Record<string, unknown> = {}) => ({ sub: 'sub-1', username: 'alice', iss: ISSUER, token_use: 'access', client_id: 'c', iat: now(), exp: now() + 3600, ...extra });

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof UnauthorizedError) return error.message;
    throw error;
  }
  return 'accepted';
}

afterEach(() => {
  vi.useRealTimers();
});

describe('a verified token used again', () => {
  it('is accepted with claims of its own for each request', async () => {
    const verifier = createTokenVerifier({ userPoolId: POOL, issuer: ISSUER, jwks: () => JWKS });
    const text = token(claims());
    const first = await verifier.verify(text);
    (first.claims as { username: string }).username = 'changed by a caller';
    const second = await verifier.verify(text);
    expect(second.claims).toMatchObject({ sub: 'sub-1', username: 'alice' });
    expect(second.claims).not.toBe(first.claims);
  });

  it('is refused once expired, with the verifier message', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const verifier = createTokenVerifier({ userPoolId: POOL, issuer: ISSUER, jwks: () => JWKS });
    const text = token(claims({ exp: now() + 60 }));
    expect(await refusal(verifier.verify(text))).toBe('accepted');
    vi.setSystemTime(Date.now() + 59_000);
    expect(await refusal(verifier.verify(text))).toBe('accepted');
    vi.setSystemTime(Date.now() + 2_000);
    expect(await refusal(verifier.verify(text))).toBe('Token has expired.');
  });

  it('is asked about revocation every time', async () => {
    let revoked = false;
    const verifier = createTokenVerifier({ userPoolId: POOL, issuer: ISSUER, jwks: () => JWKS, isRevoked: () => revoked });
    const text = token(claims());
    expect(await refusal(verifier.verify(text))).toBe('accepted');
    revoked = true;
    expect(await refusal(verifier.verify(text))).toBe('You are not authorized to make this call.');
    revoked = false;
    expect(await refusal(verifier.verify(text))).toBe('accepted');
  });

  it('does not vouch for a token that differs from it', async () => {
    const verifier = createTokenVerifier({ userPoolId: POOL, issuer: ISSUER, jwks: () => JWKS });
    const text = token(claims());
    await verifier.verify(text);
    const [header, payload, signature] = text.split('.');
    // Same claims under a changed signature, and changed claims under the same signature.
    const otherSignature = `${header}.${payload}.${signature!.slice(0, -4)}AAAA`;
    const otherClaims = `${header}.${segment({ ...claims(), 'cognito:groups': ['Admins'] })}.${signature}`;
    expect(await refusal(verifier.verify(otherSignature))).toBe('You are not authorized to make this call.');
    expect(await refusal(verifier.verify(otherClaims))).toBe('You are not authorized to make this call.');
  });

  it('answers alike for tokens kept and tokens dropped beyond its bound', async () => {
    const verifier = createTokenVerifier({ userPoolId: POOL, issuer: ISSUER, jwks: () => JWKS });
    const tokens = Array.from({ length: VERIFIED_TOKENS_KEPT + 5 }, (_, i) => token(claims({ sub: `sub-${i}` })));
    for (const text of tokens) await verifier.verify(text);
    vi.useFakeTimers({ toFake: ['Date'] });
    // Past their expiry every token is refused, remembered or not: remembering changes no answer.
    vi.setSystemTime(Date.now() + 3_601_000);
    expect(await refusal(verifier.verify(tokens[0]!))).toBe('Token has expired.');
    expect(await refusal(verifier.verify(tokens.at(-1)!))).toBe('Token has expired.');
  });
});
