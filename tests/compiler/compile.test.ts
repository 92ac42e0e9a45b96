import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAmplifyApiProject } from '../../src/compiler/amplify-project.js';
import { staleBuildReasons, staleBuildReasonsByContent } from '../../src/compiler/build-freshness.js';
import { committedArtifacts, compileProject, staleArtifacts } from '../../src/compiler/compile-project.js';
import { compileApi, SchemaTransformError, type CompiledApi } from '../../src/compiler/transform.js';
import { ResolverFileNameError } from '../../src/compiler/user-defined-slots.js';

const projectRoot = join(import.meta.dirname, '..', '..');

/** A scratch copy of the project's amplify/ folder that a test may break. */
function scratchProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'wildrydes-compile-'));
  cpSync(join(projectRoot, 'amplify'), join(dir, 'amplify'), {
    recursive: true,
    filter: (src) => !src.includes(`${join('wildrydes', 'build')}`),
  });
  return dir;
}

describe('compile', () => {
  let first: CompiledApi;
  beforeAll(() => {
    first = compileApi(loadAmplifyApiProject(projectRoot));
  });

  it('is deterministic: two compiles give the same schema, templates and stacks', () => {
    const second = compileApi(loadAmplifyApiProject(projectRoot));
    expect(second.schema).toBe(first.schema);
    expect(second.resolvers).toEqual(first.resolvers);
    expect(second.stacks).toEqual(first.stacks);
    expect(second.rootStack).toEqual(first.rootStack);
  });

  it('the committed graphql/ files are what the schema compiles to (run `npm run compile` when this fails)', () => {
    expect(staleArtifacts(projectRoot)).toEqual([]);
    const artifacts = committedArtifacts(first);
    expect(readFileSync(join(projectRoot, 'graphql', 'schema.graphql'), 'utf8')).toBe(artifacts['graphql/schema.graphql']);
  });

  it('lays out one nested stack per model plus the relations stack, as gql-compile does', () => {
    expect(Object.keys(first.stacks).sort()).toEqual(['ConnectionStack.json', 'CustomResources.json', 'Ride.json', 'Rider.json', 'Unicorn.json']);
    expect(first.rootStack.Resources.GraphQLAPI.Type).toBe('AWS::AppSync::GraphQLApi');
    expect(first.rootStack.Resources.GraphQLAPI.Properties.AuthenticationType).toBe('AMAZON_COGNITO_USER_POOLS');
    expect(first.stacks['Ride.json']!.Resources.RideTable.Type).toBe('AWS::DynamoDB::Table');
    // The custom stacks of stacks/ are nested in the root after everything generated, as the CLI nests them.
    expect(first.rootStack.Resources.CustomResourcesjson).toMatchObject({
      Type: 'AWS::CloudFormation::Stack',
      DependsOn: ['GraphQLAPI', expect.stringMatching(/^GraphQLAPITransformerSchema/), 'Unicorn', 'Ride', 'Rider', 'ConnectionStack'],
    });
  });

  it('includes the user-defined resolver slots in their pipelines', () => {
    expect(first.resolvers['Mutation.createRide.postAuth.2.req.vtl']).toContain('"REQUESTED"');
    const rideStack = JSON.stringify(first.stacks['Ride.json']);
    expect(rideStack).toContain('resolvers/Mutation.createRide.postAuth.2.req.vtl');
    expect(rideStack).toContain('resolvers/Query.myRides.postAuth.2.req.vtl');
  });
});

describe('compile errors', () => {
  let dir: string;
  let schemaPath: string;
  let original: string;
  beforeAll(() => {
    dir = scratchProject();
    schemaPath = join(dir, 'amplify', 'backend', 'api', 'wildrydes', 'schema.graphql');
    original = readFileSync(schemaPath, 'utf8');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reports a directive error as the transformer does, naming the type and field', () => {
    writeFileSync(schemaPath, original.replace('@hasOne(fields: ["unicornId"])', '@hasOne(fields: ["unicornKey"])'));
    expect(() => compileApi(loadAmplifyApiProject(dir))).toThrowError(SchemaTransformError);
    expect(() => compileApi(loadAmplifyApiProject(dir))).toThrowError(/unicornKey is not a field in Ride/);
  });

  it('reports a syntax error with its location', () => {
    writeFileSync(schemaPath, 'type Broken @model {\n  id: ID!\n  name String\n}\n');
    expect(() => compileApi(loadAmplifyApiProject(dir))).toThrowError(/Syntax Error: Expected ":", found Name "String". \(schema.graphql:3:8\)/);
  });

  it('refuses a resolver file whose slot name is misspelt instead of ignoring it', () => {
    writeFileSync(schemaPath, original);
    const misspelt = join(dir, 'amplify', 'backend', 'api', 'wildrydes', 'resolvers', 'Mutation.createRide.postauth.2.req.vtl');
    writeFileSync(misspelt, '{}');
    expect(() => compileApi(loadAmplifyApiProject(dir))).toThrowError(ResolverFileNameError);
    rmSync(misspelt);
    expect(() => compileApi(loadAmplifyApiProject(dir))).not.toThrow();
  });
});

describe('staleBuildReasons (npm start compiles when there are any)', () => {
  it('names the sources newer than the build, and none after a compile', async () => {
    const dir = scratchProject();
    try {
      expect(staleBuildReasons(dir, 'wildrydes')[0]).toMatch(/build does not exist yet/);
      await compileProject(dir);
      expect(staleBuildReasons(dir, 'wildrydes')).toEqual([]);
      const slot = join(dir, 'amplify', 'backend', 'api', 'wildrydes', 'resolvers', 'Mutation.createRide.postAuth.2.req.vtl');
      const later = new Date(Date.now() + 5_000);
      utimesSync(slot, later, later);
      expect(staleBuildReasons(dir, 'wildrydes')).toEqual([`${join('amplify', 'backend', 'api', 'wildrydes', 'resolvers', 'Mutation.createRide.postAuth.2.req.vtl')} changed since the last compile`]);
      expect(existsSync(join(dir, 'graphql', 'schema.graphql'))).toBe(true);

      // Newer but the same content (a checkout, a save without changes): nothing to compile, and
      // the build's time is brought forward so that the times alone say so at the next start.
      expect(await staleBuildReasonsByContent(dir, 'wildrydes')).toEqual([]);
      expect(staleBuildReasons(dir, 'wildrydes')).toEqual([]);
      // A real change still compiles.
      writeFileSync(slot, `${readFileSync(slot, 'utf8')}\n## changed\n`);
      const evenLater = new Date(Date.now() + 10_000);
      utimesSync(slot, evenLater, evenLater);
      expect(await staleBuildReasonsByContent(dir, 'wildrydes')).toEqual([`${join('amplify', 'backend', 'api', 'wildrydes', 'resolvers', 'Mutation.createRide.postAuth.2.req.vtl')} changed since the last compile`]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
