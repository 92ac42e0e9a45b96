// The pool follows the project's Amplify auth settings.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminCreateUserCommand, InitiateAuthCommand, SignUpCommand } from '@aws-sdk/client-cognito-identity-provider';
import { ConfigError, loadPoolConfig } from '../../src/local/cognito/index.js';
import { passwordSignIn, startTestPool, tempDir, writeAmplifyProject } from './helpers.js';

let dir: { dir: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  dir = await tempDir('cognito-config-');
});
afterAll(() => dir.cleanup());

describe('loadPoolConfig', () => {
  it('reads the default Amplify auth settings', async () => {
    const root = path.join(dir.dir, 'default');
    await writeAmplifyProject(root);
    expect(await loadPoolConfig(root)).toEqual({
      authResourceName: 'wildrydesauth',
      userPoolName: 'wildrydesauth_userpool',
      passwordPolicy: { minLength: 8, requireLowercase: false, requireUppercase: false, requireNumbers: false, requireSymbols: false },
      requiredAttributes: ['email'],
      autoVerifiedAttributes: ['email'],
      usernameCaseSensitive: false,
      refreshTokenValidityDays: 30,
      groups: [{ groupName: 'Admins', precedence: 1 }, { groupName: 'Dispatchers', precedence: 2 }],
      // The CLI's two clients, with no ExplicitAuthFlows: Cognito's default of SRP, refresh and custom.
      appClients: ['UserPoolClientWeb', 'UserPoolClient'].map((logicalId) => ({
        logicalId,
        clientName: logicalId === 'UserPoolClientWeb' ? 'wildryauth_app_clientWeb' : 'wildryauth_app_client',
        generateSecret: false,
        refreshTokenValidityDays: 30,
        allowedAuthFlows: ['ALLOW_CUSTOM_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_SRP_AUTH'],
      })),
    });
  });

  it('falls back to userPoolGroupList when the precedence file is missing', async () => {
    const root = path.join(dir.dir, 'nogroupsfile');
    await writeAmplifyProject(root);
    await rm(path.join(root, 'amplify/backend/auth/userPoolGroups'), { recursive: true });
    expect((await loadPoolConfig(root)).groups).toEqual([{ groupName: 'Admins', precedence: 1 }, { groupName: 'Dispatchers', precedence: 2 }]);
  });

  it('explains what is missing or wrong', async () => {
    await expect(loadPoolConfig(path.join(dir.dir, 'nothing'))).rejects.toThrow(ConfigError);
    await expect(loadPoolConfig(path.join(dir.dir, 'nothing'))).rejects.toThrow(/backend-config.json not found/);

    const root = path.join(dir.dir, 'broken');
    await mkdir(path.join(root, 'amplify/backend'), { recursive: true });
    await writeFile(path.join(root, 'amplify/backend/backend-config.json'), JSON.stringify({ api: {} }));
    await expect(loadPoolConfig(root)).rejects.toThrow(/no auth resource with "service": "Cognito"/);
    await writeFile(path.join(root, 'amplify/backend/backend-config.json'), '{ nope');
    await expect(loadPoolConfig(root)).rejects.toThrow(/not valid JSON/);

    const bad = path.join(dir.dir, 'badinputs');
    await writeAmplifyProject(bad);
    await writeFile(path.join(bad, 'amplify/backend/auth/wildrydesauth/cli-inputs.json'), JSON.stringify({ version: '1', cognitoConfig: { passwordPolicyMinLength: -3 } }));
    await expect(loadPoolConfig(bad)).rejects.toThrow(/passwordPolicyMinLength/);
  });
});

describe('the pool enforces the configuration', () => {
  it('password character classes, one message each', async () => {
    const t = await startTestPool({ fixture: { minLength: 10, characters: ['Requires Lowercase', 'Requires Uppercase', 'Requires Numbers', 'Requires Symbols'] } });
    try {
      const attempt = (password: string) => t.sdk.send(new SignUpCommand({
        ClientId: t.pool.clientId, Username: `u${password.length}${Math.random()}`.replace('.', ''), Password: password,
        UserAttributes: [{ Name: 'email', Value: 'u@example.com' }],
      }));
      const cases: Array<[string, string]> = [
        ['Aa1!', 'Password not long enough'],
        ['AAAAAAAA1!', 'Password must have lowercase characters'],
        ['aaaaaaaa1!', 'Password must have uppercase characters'],
        ['aaaaaAAAA!', 'Password must have numeric characters'],
        ['aaaaaAAAA1', 'Password must have symbol characters'],
      ];
      for (const [password, reason] of cases) {
        await expect(attempt(password)).rejects.toMatchObject({ name: 'InvalidPasswordException', message: `Password did not conform with policy: ${reason}` });
      }
      expect((await attempt('aaaaAAAA1!')).UserSub).toBeTruthy();
      // A generated temporary password satisfies the policy.
      await t.sdk.send(new AdminCreateUserCommand({ UserPoolId: t.pool.userPoolId, Username: 'temp', UserAttributes: [{ Name: 'email', Value: 't@example.com' }] }));
      const temporary = t.pool.lastCode('temp', 'temporaryPassword')!;
      expect(temporary).toMatch(/[a-z]/);
      expect(temporary).toMatch(/[A-Z]/);
      expect(temporary).toMatch(/[0-9]/);
      expect(temporary.length).toBeGreaterThanOrEqual(12);
    } finally {
      await t.stop();
    }
  });

  it('case-sensitive usernames when the project asks for them', async () => {
    const t = await startTestPool({ fixture: { usernameCaseSensitive: true } });
    try {
      const signUp = (username: string) => t.sdk.send(new SignUpCommand({
        ClientId: t.pool.clientId, Username: username, Password: 'good-password', UserAttributes: [{ Name: 'email', Value: 'x@example.com' }],
      }));
      await signUp('Sam');
      await signUp('sam');
      await expect(passwordSignIn(t, 'SAM', 'good-password')).rejects.toMatchObject({ name: 'UserNotFoundException' });
    } finally {
      await t.stop();
    }
  });

  it('refresh tokens expire after the configured days; region is configurable', async () => {
    const t = await startTestPool({ fixture: { refreshDays: 1 }, region: 'eu-west-1' });
    try {
      expect(t.pool.userPoolId).toMatch(/^eu-west-1_/);
      expect(t.pool.issuer).toBe(`https://cognito-idp.eu-west-1.amazonaws.com/${t.pool.userPoolId}`);
      await t.sdk.send(new AdminCreateUserCommand({ UserPoolId: t.pool.userPoolId, Username: 'r', TemporaryPassword: 'temp-pass-1', UserAttributes: [{ Name: 'email', Value: 'r@example.com' }] }));
      const { AdminSetUserPasswordCommand } = await import('@aws-sdk/client-cognito-identity-provider');
      await t.sdk.send(new AdminSetUserPasswordCommand({ UserPoolId: t.pool.userPoolId, Username: 'r', Password: 'perm-pass-1', Permanent: true }));
      const auth = await passwordSignIn(t, 'r', 'perm-pass-1');
      const refresh = () => t.sdk.send(new InitiateAuthCommand({
        ClientId: t.pool.clientId, AuthFlow: 'REFRESH_TOKEN', AuthParameters: { REFRESH_TOKEN: auth.AuthenticationResult!.RefreshToken! },
      }));
      t.clock.advance(23 * 3600 * 1000);
      expect((await refresh()).AuthenticationResult).toBeTruthy();
      t.clock.advance(2 * 3600 * 1000);
      await expect(refresh()).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Refresh Token has expired' });
    } finally {
      await t.stop();
    }
  });
});
