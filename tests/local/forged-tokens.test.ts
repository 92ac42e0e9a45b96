// Every token that is not a valid, current Cognito token of this pool is refused with HTTP 401 and
// AppSync's UnauthorizedException before any resolver runs: nothing is written.
import { createHmac, createPrivateKey, createPublicKey, sign } from 'node:crypto';
import { readPoolState } from '../../src/local/cognito/store.js';
import { join } from 'node:path';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { signOut } from 'aws-amplify/auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CREATE_RIDE, createUser, post, rideInput, signInAs, startTestCloud, tempDir, type SignedIn, type TestCloud } from './helpers.js';

let t: TestCloud;
let data: Awaited<ReturnType<typeof tempDir>>;
let alice: SignedIn;
let poolKey: { kid: string; privateKeyPem: string };

type Claims = Record<string, unknown>;

const segment = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const decode = (token: string) => {
  const [header, payload] = token.split('.');
  return { header: JSON.parse(Buffer.from(header!, 'base64url').toString()) as Claims, payload: JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Claims };
};
/** RS256 with the pool's own private key: a token only the pool (or whoever holds its key) can make. */
const signWithPoolKey = (payload: Claims, header: Claims = { kid: poolKey.kid, alg: 'RS256' }) => {
  const body = `${segment(header)}.${segment(payload)}`;
  return `${body}.${sign('sha256', Buffer.from(body), createPrivateKey(poolKey.privateKeyPem)).toString('base64url')}`;
};

beforeAll(async () => {
  // On disk, so that the test can read the pool's signing key where the local Cognito keeps it.
  data = await tempDir();
  t = await startTestCloud({ dataDir: data.dir });
  poolKey = (await readPoolState(join(data.dir, 'cognito')))!.signingKey;
  await createUser(t, 'alice');
  alice = await signInAs('alice');
});

afterAll(async () => {
  await t?.stop();
  await data?.remove();
});

async function attempt(authorization: string | undefined) {
  return post(t.cloud, { query: CREATE_RIDE, variables: { input: rideInput() } }, authorization === undefined ? {} : { authorization });
}

describe('refused before any resolver runs', () => {
  const now = () => Math.floor(Date.now() / 1000);
  const cases: Array<[string, () => string | undefined, string]> = [
    ['no Authorization header', () => undefined, 'Valid authorization header not provided.'],
    ['an empty Authorization header', () => '', 'Valid authorization header not provided.'],
    ['garbage', () => 'not-a-token', 'Unable to parse JWT token.'],
    ['a valid token behind "Bearer " (AppSync takes the raw token)', () => `Bearer ${alice.accessToken}`, 'Unable to parse JWT token.'],
    ['an unsigned token (alg: none)', () => `${segment({ alg: 'none', kid: poolKey.kid })}.${segment(decode(alice.accessToken).payload)}.`, 'Unable to parse JWT token.'],
    [
      'HS256 signed with the public key as the secret',
      () => {
        const body = `${segment({ alg: 'HS256', kid: poolKey.kid })}.${segment(decode(alice.accessToken).payload)}`;
        const publicPem = createPublicKey(createPrivateKey(poolKey.privateKeyPem)).export({ type: 'spki', format: 'pem' });
        return `${body}.${createHmac('sha256', publicPem).update(body).digest('base64url')}`;
      },
      'You are not authorized to make this call.',
    ],
    [
      'an unknown key id',
      () => signWithPoolKey(decode(alice.accessToken).payload, { kid: 'another-key', alg: 'RS256' }),
      'You are not authorized to make this call.',
    ],
    [
      'a changed claim (payload edited, signature kept)',
      () => {
        const [header, , signature] = alice.accessToken.split('.');
        return `${header}.${segment({ ...decode(alice.accessToken).payload, 'cognito:groups': ['Admins'] })}.${signature}`;
      },
      'You are not authorized to make this call.',
    ],
    ['an expired token', () => signWithPoolKey({ ...decode(alice.accessToken).payload, iat: now() - 7200, exp: now() - 3600 }), 'Token has expired.'],
    ['a token not valid yet (nbf)', () => signWithPoolKey({ ...decode(alice.accessToken).payload, nbf: now() + 3600 }), 'You are not authorized to make this call.'],
    [
      "another pool's issuer, signed with this pool's key",
      () => signWithPoolKey({ ...decode(alice.accessToken).payload, iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AnotherPool' }),
      'You are not authorized to make this call.',
    ],
    ['a refresh-like token_use', () => signWithPoolKey({ ...decode(alice.accessToken).payload, token_use: 'refresh' }), 'You are not authorized to make this call.'],
    [
      'no exp claim',
      () => {
        const { exp: _exp, ...payload } = decode(alice.accessToken).payload;
        return signWithPoolKey(payload);
      },
      'You are not authorized to make this call.',
    ],
  ];

  for (const [name, token, message] of cases) {
    it(name, async () => {
      const response = await attempt(token());
      expect(response.status).toBe(401);
      expect(response.body).toEqual({ errors: [{ errorType: 'UnauthorizedException', message }] });
    });
  }

  it('wrote nothing', async () => {
    const { Count } = await t.cloud.dynamodb.client.send(new ScanCommand({ TableName: t.cloud.dynamodb.tables.Ride, Select: 'COUNT' }));
    expect(Count).toBe(0);
  });
});

describe('accepted', () => {
  it('the access token and the id token the Amplify client holds', async () => {
    for (const token of [alice.accessToken, alice.idToken]) {
      const response = await attempt(token);
      expect(response.status).toBe(200);
      expect(response.body.data.createRide.owner).toBe('alice');
    }
    const { Count } = await t.cloud.dynamodb.client.send(new ScanCommand({ TableName: t.cloud.dynamodb.tables.Ride, Select: 'COUNT' }));
    expect(Count).toBe(2);
  });
});

describe('revoked by the pool', () => {
  it('refuses the tokens of a session after a global sign-out', async () => {
    const signedIn = await signInAs('alice');
    expect((await attempt(signedIn.accessToken)).status).toBe(200);
    await signOut({ global: true });
    const response = await attempt(signedIn.accessToken);
    expect(response.status).toBe(401);
    expect(response.body.errors[0].errorType).toBe('UnauthorizedException');
  });
});
