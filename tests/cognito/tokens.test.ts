// Tokens are verifiable by aws-jwt-verify with the served keys, and no edited
// byte survives verification.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import { localJwksFetcher } from '../../src/local/cognito/index.js';
import {
  AdminConfirmSignUpCommand,
  GetUserCommand,
  InitiateAuthCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { decodeJwt, passwordSignIn, startTestPool, type TestPool } from './helpers.js';

let t: TestPool;
let idToken: string;
let accessToken: string;
let refreshToken: string;

beforeAll(async () => {
  t = await startTestPool();
  await t.sdk.send(new SignUpCommand({
    ClientId: t.pool.clientId, Username: 'tok', Password: 'token-password',
    UserAttributes: [{ Name: 'email', Value: 'tok@example.com' }],
  }));
  await t.sdk.send(new AdminConfirmSignUpCommand({ UserPoolId: t.pool.userPoolId, Username: 'tok' }));
  const auth = await passwordSignIn(t, 'tok', 'token-password');
  idToken = auth.AuthenticationResult!.IdToken!;
  accessToken = auth.AuthenticationResult!.AccessToken!;
  refreshToken = auth.AuthenticationResult!.RefreshToken!;
});

afterAll(() => t.stop());

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

// cacheJwks() as the brief has it, plus a local fetcher: without one, an edited
// kid sends the verifier to the real Cognito URL (seconds to fail offline).
function verifier() {
  const jwksCache = new SimpleJwksCache({ fetcher: localJwksFetcher(() => t.pool.jwks()) });
  const v = CognitoJwtVerifier.create({ userPoolId: t.pool.userPoolId, clientId: null, tokenUse: null }, { jwksCache });
  v.cacheJwks(t.pool.jwks());
  return v;
}

describe('tokens', () => {
  it('look like Cognito ids and issuer', () => {
    expect(t.pool.userPoolId).toMatch(/^us-east-1_[A-Za-z0-9]{9}$/);
    expect(t.pool.clientId).toMatch(/^[a-z0-9]{26}$/);
    expect(t.pool.issuer).toBe(`https://cognito-idp.us-east-1.amazonaws.com/${t.pool.userPoolId}`);
    const { header, payload } = decodeJwt(idToken);
    expect(header).toEqual({ kid: t.pool.jwks().keys[0]!.kid, alg: 'RS256' });
    expect(payload.exp - payload.iat).toBe(3600);
    expect(refreshToken.length).toBeGreaterThan(40);
  });

  it('verify with CognitoJwtVerifier and the JWKS from the API, the route and the OpenID document', async () => {
    const v = verifier();
    expect((await v.verify(idToken)).token_use).toBe('id');
    expect((await v.verify(accessToken)).token_use).toBe('access');

    const strict = CognitoJwtVerifier.create({ userPoolId: t.pool.userPoolId, clientId: t.pool.clientId, tokenUse: 'access' });
    const config = await (await fetch(`${t.pool.endpoint}/${t.pool.userPoolId}/.well-known/openid-configuration`)).json();
    expect(config.issuer).toBe(t.pool.issuer);
    const jwks = await (await fetch(config.jwks_uri)).json();
    expect(jwks).toEqual(t.pool.jwks());
    strict.cacheJwks(jwks);
    expect((await strict.verify(accessToken)).username).toBe('tok');
    await expect(strict.verify(idToken)).rejects.toThrow(/Token use not allowed: id/);
  });

  it('fail verification after any byte of header, payload or signature is changed', async () => {
    const v = verifier();
    for (const token of [idToken, accessToken]) {
      const lastSegmentStart = token.lastIndexOf('.') + 1;
      for (let i = 0; i < token.length; i++) {
        if (token[i] === '.') continue;
        // The last base64url character carries unused low bits; only changes to
        // the bits that encode the signature are real edits.
        const candidates = i === token.length - 1 ? lastCharEdits(token, lastSegmentStart) : [ALPHABET[(ALPHABET.indexOf(token[i]!) + 1) % 64]!];
        for (const replacement of candidates) {
          const tampered = token.slice(0, i) + replacement + token.slice(i + 1);
          await expect(v.verify(tampered), `edit at ${i}`).rejects.toThrow();
          // The pool's own check (GetUser) refuses it as well.
          if (token === accessToken && i % 97 === 0) {
            await expect(t.sdk.send(new GetUserCommand({ AccessToken: tampered }))).rejects.toMatchObject({ name: 'NotAuthorizedException' });
          }
        }
      }
    }
  });

  it('are refused by the pool once expired', async () => {
    t.clock.advance(3601 * 1000);
    try {
      await expect(t.sdk.send(new GetUserCommand({ AccessToken: accessToken }))).rejects.toMatchObject({
        name: 'NotAuthorizedException', message: 'Access Token has expired',
      });
      // The refresh token still works and mints tokens on the moved clock.
      const refreshed = await t.sdk.send(new InitiateAuthCommand({
        ClientId: t.pool.clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: refreshToken },
      }));
      const fresh = refreshed.AuthenticationResult!.AccessToken!;
      expect(refreshed.AuthenticationResult!.RefreshToken).toBeUndefined();
      expect((await t.sdk.send(new GetUserCommand({ AccessToken: fresh }))).Username).toBe('tok');
    } finally {
      t.clock.advance(-3601 * 1000);
    }
  });

  it('isRevoked follows the session', () => {
    expect(t.pool.isRevoked(decodeJwt(accessToken).payload)).toBe(false);
    expect(t.pool.isRevoked(decodeJwt(idToken).payload)).toBe(false);
    expect(t.pool.isRevoked({ ...decodeJwt(idToken).payload, origin_jti: 'unknown' })).toBe(true);
    expect(t.pool.isRevoked({ sub: 'x' })).toBe(true);
  });
});

// Every other character for the last position whose decoded bits differ.
function lastCharEdits(token: string, segmentStart: number): string[] {
  const original = Buffer.from(token.slice(segmentStart), 'base64url');
  return [...ALPHABET].filter((c) => {
    const edited = token.slice(segmentStart, -1) + c;
    return !Buffer.from(edited, 'base64url').equals(original);
  });
}
