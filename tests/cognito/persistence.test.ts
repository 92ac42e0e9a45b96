// State under dataDir survives a restart, and a crash loses nothing that was acknowledged.
import { spawn } from 'node:child_process';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import {
  AdminAddUserToGroupCommand,
  AdminGetUserCommand,
  AdminListGroupsForUserCommand,
  CreateGroupCommand,
  GetTokensFromRefreshTokenCommand,
  GetUserCommand,
  InitiateAuthCommand,
  RevokeTokenCommand,
  SignUpCommand,
  AdminConfirmSignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { passwordSignIn, startTestPool, tempDir, type TestPool, writeAmplifyProject } from './helpers.js';

const here = path.dirname(fileURLToPath(import.meta.url));
let dir: { dir: string; cleanup: () => Promise<void> };

beforeAll(async () => {
  dir = await tempDir('cognito-persist-');
  await writeAmplifyProject(dir.dir);
});
afterAll(() => dir.cleanup());

describe.sequential('persistence', () => {
  it('keeps ids, users, groups, keys, codes and refresh tokens across a restart', async () => {
    const dataDir = path.join(dir.dir, 'amplify', 'mock-data', 'cognito');
    let t: TestPool = await startTestPool({ root: dir.dir, dataDir });
    const first = { userPoolId: t.pool.userPoolId, clientId: t.pool.clientId, jwks: t.pool.jwks() };

    await t.sdk.send(new SignUpCommand({ ClientId: t.pool.clientId, Username: 'keeper', Password: 'keeper-password', UserAttributes: [{ Name: 'email', Value: 'k@example.com' }] }));
    await t.sdk.send(new AdminConfirmSignUpCommand({ UserPoolId: t.pool.userPoolId, Username: 'keeper' }));
    await t.sdk.send(new SignUpCommand({ ClientId: t.pool.clientId, Username: 'pending', Password: 'pending-password', UserAttributes: [{ Name: 'email', Value: 'p@example.com' }] }));
    const pendingCode = t.pool.lastCode('pending');
    await t.sdk.send(new SignUpCommand({ ClientId: t.pool.clientId, Username: '__proto__', Password: 'proto-password', UserAttributes: [{ Name: 'email', Value: 'proto@example.com' }] }));
    await t.sdk.send(new CreateGroupCommand({ UserPoolId: t.pool.userPoolId, GroupName: 'RuntimeGroup' }));
    await t.sdk.send(new AdminAddUserToGroupCommand({ UserPoolId: t.pool.userPoolId, Username: 'keeper', GroupName: 'RuntimeGroup' }));
    const auth = (await passwordSignIn(t, 'keeper', 'keeper-password')).AuthenticationResult!;
    const revoked = (await passwordSignIn(t, 'keeper', 'keeper-password')).AuthenticationResult!;
    await t.sdk.send(new RevokeTokenCommand({ ClientId: t.pool.clientId, Token: revoked.RefreshToken! }));

    // Nothing secret in the clear: no password and no refresh token in the files.
    for (const file of await readdir(dataDir)) {
      const text = await readFile(path.join(dataDir, file), 'utf8');
      expect(text).not.toContain('keeper-password');
      expect(text).not.toContain(auth.RefreshToken!);
    }

    await t.pool.close();
    t.sdk.destroy();
    t = await startTestPool({ root: dir.dir, dataDir });
    try {
      expect({ userPoolId: t.pool.userPoolId, clientId: t.pool.clientId, jwks: t.pool.jwks() }).toEqual(first);
      expect((await t.sdk.send(new AdminGetUserCommand({ UserPoolId: t.pool.userPoolId, Username: 'keeper' }))).UserStatus).toBe('CONFIRMED');
      const groups = await t.sdk.send(new AdminListGroupsForUserCommand({ UserPoolId: t.pool.userPoolId, Username: 'keeper' }));
      expect(groups.Groups!.map((g) => g.GroupName)).toEqual(['RuntimeGroup']);
      expect(t.pool.lastCode('pending')).toBe(pendingCode);
      expect((await t.sdk.send(new AdminGetUserCommand({ UserPoolId: t.pool.userPoolId, Username: '__proto__' }))).UserStatus).toBe('UNCONFIRMED');

      // Tokens from before the restart: same key verifies them, the pool still accepts them.
      const verifier = CognitoJwtVerifier.create({ userPoolId: t.pool.userPoolId, clientId: t.pool.clientId, tokenUse: 'access' });
      verifier.cacheJwks(t.pool.jwks());
      await verifier.verify(auth.AccessToken!);
      expect((await t.sdk.send(new GetUserCommand({ AccessToken: auth.AccessToken! }))).Username).toBe('keeper');
      const refreshed = await t.sdk.send(new GetTokensFromRefreshTokenCommand({ ClientId: t.pool.clientId, RefreshToken: auth.RefreshToken! }));
      expect(refreshed.AuthenticationResult?.AccessToken).toBeTruthy();
      await expect(t.sdk.send(new GetTokensFromRefreshTokenCommand({ ClientId: t.pool.clientId, RefreshToken: revoked.RefreshToken! })))
        .rejects.toMatchObject({ message: 'Refresh Token has been revoked' });
      // And the password still works (the verifier was stored, not the password).
      expect((await passwordSignIn(t, 'keeper', 'keeper-password')).AuthenticationResult).toBeTruthy();
      const codes = JSON.parse(await readFile(path.join(dataDir, 'codes.json'), 'utf8'));
      expect(codes).toEqual([
        expect.objectContaining({ username: 'pending', code: pendingCode, purpose: 'signUp' }),
        expect.objectContaining({ username: '__proto__', purpose: 'signUp' }),
      ]);
    } finally {
      await t.pool.close();
      t.sdk.destroy();
    }
  });

  it('refuses to reopen a data folder under another region', async () => {
    const dataDir = path.join(dir.dir, 'amplify', 'mock-data', 'cognito');
    await expect(startTestPool({ root: dir.dir, dataDir, region: 'eu-west-1' })).rejects.toThrow(/us-east-1/);
  });

  it('loses no acknowledged sign-up when the process is killed mid-write', async () => {
    const dataDir = path.join(dir.dir, 'crash-data');
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'fixtures', 'crashChild.ts'), dir.dir, dataDir], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const acknowledged: string[] = [];
    await new Promise<void>((resolve, reject) => {
      let buffer = '';
      child.on('error', reject);
      child.on('exit', () => resolve());
      child.stdout!.on('data', (chunk: Buffer) => {
        buffer += chunk.toString('utf8');
        const lines = buffer.split('\n');
        buffer = lines.pop()!;
        for (const line of lines) if (line.startsWith('crash')) acknowledged.push(line);
        // Kill at an arbitrary point, most likely inside a write.
        if (acknowledged.length >= 25) child.kill('SIGKILL');
      });
    });
    expect(acknowledged.length).toBeGreaterThanOrEqual(25);

    const t = await startTestPool({ root: dir.dir, dataDir });
    try {
      expect((await readdir(dataDir)).sort()).toEqual(['codes.json', 'pool.log']);
      for (const username of acknowledged) {
        expect((await t.sdk.send(new AdminGetUserCommand({ UserPoolId: t.pool.userPoolId, Username: username }))).Username).toBe(username);
      }
    } finally {
      await t.pool.close();
      t.sdk.destroy();
    }
  }, 60_000);
});
