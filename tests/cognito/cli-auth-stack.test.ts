// The local pool's settings, derived from cli-inputs.json, against the auth stack the pinned Amplify
// CLI generates from the same files (the committed snapshot in tests/fixtures/amplify-cli-auth/,
// remade with `npm run snapshot:auth`). A change through `amplify update auth` rewrites
// cli-inputs.json: it either reaches the local pool or fails here until the snapshot is remade.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULT_AUTH_FLOWS, loadPoolConfig, type PoolConfig } from '../../src/local/cognito/config.js';
import { readAuthSnapshot } from '../../src/compiler/auth-stack-snapshot.js';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

type Json = Record<string, unknown>;

/** Resolves `{ Ref: <parameter> }` against the stack's parameters file; other intrinsics stay as they are. */
function resolve(value: unknown, parameters: Json): unknown {
  if (Array.isArray(value)) return value.map((v) => resolve(v, parameters));
  if (value && typeof value === 'object') {
    const o = value as Json;
    if (typeof o.Ref === 'string' && Object.keys(o).length === 1 && o.Ref in parameters) return parameters[o.Ref];
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, resolve(v, parameters)]));
  }
  return value;
}

function resourcesOf(template: Json, type: string, parameters: Json): Array<[string, Json]> {
  return Object.entries(template.Resources as Record<string, { Type: string; Properties: Json }>)
    .filter(([, r]) => r.Type === type)
    .map(([id, r]) => [id, resolve(r.Properties, parameters) as Json]);
}

/** What the deployed pool will be, read from the CLI's templates, in the local pool's terms. */
function settingsFromTemplates(files: Map<string, string>, authResourceName: string): Omit<PoolConfig, 'authResourceName'> {
  const parameters = JSON.parse(files.get(`${authResourceName}/parameters.json`)!) as Json;
  const template = JSON.parse(files.get(`${authResourceName}/${authResourceName}-cloudformation-template.json`)!) as Json;
  const [[, pool]] = resourcesOf(template, 'AWS::Cognito::UserPool', parameters) as [[string, Json]];
  const policy = (pool.Policies as Json).PasswordPolicy as Json;
  const clients = resourcesOf(template, 'AWS::Cognito::UserPoolClient', parameters).map(([logicalId, c]) => {
    const units = ((c.TokenValidityUnits as Json | undefined)?.RefreshToken as string | undefined) ?? 'days';
    return {
      logicalId,
      clientName: c.ClientName,
      generateSecret: c.GenerateSecret === true,
      refreshTokenValidityDays: units === 'hours' ? Number(c.RefreshTokenValidity) / 24 : Number(c.RefreshTokenValidity),
      ...(c.ReadAttributes ? { readAttributes: c.ReadAttributes } : {}),
      ...(c.WriteAttributes ? { writeAttributes: c.WriteAttributes } : {}),
      // No ExplicitAuthFlows: Cognito allows SRP, refresh and custom auth (UserPoolClientType).
      allowedAuthFlows: c.ExplicitAuthFlows ?? DEFAULT_AUTH_FLOWS,
    };
  });
  const groupFiles = [...files.keys()].filter((name) => name.startsWith('userPoolGroups/') && name.endsWith('-cloudformation-template.json'));
  const groups = groupFiles.flatMap((name) => resourcesOf(JSON.parse(files.get(name)!) as Json, 'AWS::Cognito::UserPoolGroup', {}))
    .map(([, g]) => ({ groupName: g.GroupName as string, precedence: g.Precedence as number | undefined }));
  return {
    // `<userPoolName>-<env>` (Fn::If on the env): the name part.
    userPoolName: ((pool.UserPoolName as Json)['Fn::If'] as unknown[])[1] as string,
    passwordPolicy: {
      minLength: Number(policy.MinimumLength),
      requireLowercase: policy.RequireLowercase === true,
      requireUppercase: policy.RequireUppercase === true,
      requireNumbers: policy.RequireNumbers === true,
      requireSymbols: policy.RequireSymbols === true,
    },
    requiredAttributes: (pool.Schema as Json[]).filter((a) => a.Required === true).map((a) => a.Name as string),
    autoVerifiedAttributes: pool.AutoVerifiedAttributes as string[],
    usernameCaseSensitive: (pool.UsernameConfiguration as Json | undefined)?.CaseSensitive === true,
    refreshTokenValidityDays: clients[0]!.refreshTokenValidityDays,
    groups,
    appClients: clients as PoolConfig['appClients'],
  };
}

describe('the local pool against the auth stack the Amplify CLI generates', async () => {
  const config = await loadPoolConfig(projectRoot);
  const snapshot = await readAuthSnapshot(projectRoot);

  it('the snapshot was generated from the current cli-inputs.json (else: npm run snapshot:auth)', async () => {
    const cliInputs = JSON.parse(await readFile(path.join(projectRoot, 'amplify/backend/auth', config.authResourceName, 'cli-inputs.json'), 'utf8')) as Json;
    expect(JSON.parse(snapshot.get(`${config.authResourceName}/parameters.json`) ?? 'null')).toEqual(cliInputs.cognitoConfig);
  });

  it('password policy, attributes, username case, groups and app clients are the ones the stack deploys', () => {
    const { authResourceName, ...local } = config;
    expect(authResourceName).toBe('wildrydes7c4e1f2a');
    expect(local).toEqual(settingsFromTemplates(snapshot, authResourceName));
  });

  it('the stack gives its app clients no ExplicitAuthFlows: USER_PASSWORD_AUTH is not allowed on either', () => {
    expect(config.appClients.map((c) => c.logicalId)).toEqual(['UserPoolClientWeb', 'UserPoolClient']);
    for (const client of config.appClients) expect(client.allowedAuthFlows).not.toContain('ALLOW_USER_PASSWORD_AUTH');
  });
});
