// The AWS CLI (when installed) works against the pool with --endpoint-url. Each `aws` call starts a
// Python process (seconds on a loaded machine), hence the generous timeouts.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPool, type TestPool } from './helpers.js';

const run = promisify(execFile);
const hasCli = await run('aws', ['--version']).then(() => true, () => false);

let t: TestPool;
beforeAll(async () => {
  if (hasCli) t = await startTestPool();
});
afterAll(async () => {
  if (hasCli) await t.stop();
});

function aws(...args: string[]) {
  return run('aws', ['cognito-idp', ...args, '--endpoint-url', t.pool.endpoint, '--region', t.pool.region, '--output', 'json'], {
    env: { ...process.env, AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' },
  });
}

describe.skipIf(!hasCli).sequential('aws cli', () => {
  it('admin-create-user, admin-set-user-password, list-users, initiate-auth', async () => {
    await aws('admin-create-user', '--user-pool-id', t.pool.userPoolId, '--username', 'cliuser', '--user-attributes', 'Name=email,Value=cli@example.com', '--message-action', 'SUPPRESS');
    await aws('admin-set-user-password', '--user-pool-id', t.pool.userPoolId, '--username', 'cliuser', '--password', 'cli-password', '--permanent');
    const users = JSON.parse((await aws('list-users', '--user-pool-id', t.pool.userPoolId)).stdout);
    expect(users.Users.map((u: { Username: string }) => u.Username)).toEqual(['cliuser']);
    const challenge = JSON.parse((await aws('initiate-auth', '--client-id', t.pool.clientId, '--auth-flow', 'USER_SRP_AUTH', '--auth-parameters', `USERNAME=cliuser,SRP_A=${'ab'.repeat(192)}`)).stdout);
    expect(challenge.ChallengeName).toBe('PASSWORD_VERIFIER');
    const groups = JSON.parse((await aws('list-groups', '--user-pool-id', t.pool.userPoolId)).stdout);
    expect(groups.Groups.map((g: { GroupName: string }) => g.GroupName)).toEqual(['Admins', 'Dispatchers']);
  }, 240_000);

  it('describe-user-pool, list-user-pool-clients, describe-user-pool-client, list-user-pools', async () => {
    const pool = JSON.parse((await aws('describe-user-pool', '--user-pool-id', t.pool.userPoolId)).stdout);
    expect(pool.UserPool).toMatchObject({ Id: t.pool.userPoolId, UsernameConfiguration: { CaseSensitive: false }, AutoVerifiedAttributes: ['email'] });
    const clients = JSON.parse((await aws('list-user-pool-clients', '--user-pool-id', t.pool.userPoolId)).stdout);
    expect(clients.UserPoolClients.map((c: { ClientId: string }) => c.ClientId).sort()).toEqual(t.pool.appClients.map((c) => c.clientId).sort());
    const client = JSON.parse((await aws('describe-user-pool-client', '--user-pool-id', t.pool.userPoolId, '--client-id', t.pool.clientId)).stdout);
    expect(client.UserPoolClient.ExplicitAuthFlows).toEqual(['ALLOW_CUSTOM_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_SRP_AUTH']);
    const pools = JSON.parse((await aws('list-user-pools', '--max-results', '10')).stdout);
    expect(pools.UserPools.map((p: { Id: string }) => p.Id)).toEqual([t.pool.userPoolId]);
  }, 240_000);

  it('groups and users: add-user-to-group, list-users-in-group, get-group, update-group, admin-update-user-attributes, admin-reset-user-password', async () => {
    await aws('admin-add-user-to-group', '--user-pool-id', t.pool.userPoolId, '--username', 'cliuser', '--group-name', 'Dispatchers');
    const members = JSON.parse((await aws('list-users-in-group', '--user-pool-id', t.pool.userPoolId, '--group-name', 'Dispatchers')).stdout);
    expect(members.Users.map((u: { Username: string }) => u.Username)).toEqual(['cliuser']);
    await aws('update-group', '--user-pool-id', t.pool.userPoolId, '--group-name', 'Dispatchers', '--description', 'assign rides');
    const group = JSON.parse((await aws('get-group', '--user-pool-id', t.pool.userPoolId, '--group-name', 'Dispatchers')).stdout);
    expect(group.Group).toMatchObject({ GroupName: 'Dispatchers', Description: 'assign rides', Precedence: 2 });
    await aws('admin-update-user-attributes', '--user-pool-id', t.pool.userPoolId, '--username', 'cliuser', '--user-attributes', 'Name=email_verified,Value=true');
    await aws('admin-reset-user-password', '--user-pool-id', t.pool.userPoolId, '--username', 'cliuser');
    const user = JSON.parse((await aws('admin-get-user', '--user-pool-id', t.pool.userPoolId, '--username', 'cliuser')).stdout);
    expect(user.UserStatus).toBe('RESET_REQUIRED');
    const missing = await aws('get-group', '--user-pool-id', t.pool.userPoolId, '--group-name', 'Nobody').catch((e: { stderr: string }) => e);
    expect((missing as { stderr: string }).stderr).toContain('ResourceNotFoundException');
  }, 240_000);

  it('reports Cognito error names: USER_PASSWORD_AUTH is refused, as the CLI\'s app clients refuse it', async () => {
    const failure = await aws('initiate-auth', '--client-id', t.pool.clientId, '--auth-flow', 'USER_PASSWORD_AUTH', '--auth-parameters', 'USERNAME=cliuser,PASSWORD=cli-password').catch((e: { stderr: string }) => e);
    expect((failure as { stderr: string }).stderr).toContain('InvalidParameterException');
    expect((failure as { stderr: string }).stderr).toContain('USER_PASSWORD_AUTH flow not enabled for this client');
  }, 240_000);
});
