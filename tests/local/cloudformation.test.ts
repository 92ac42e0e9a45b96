// The CloudFormation evaluator on small templates, and on the stacks the project compiles to.
import { describe, expect, it } from 'vitest';
import { defineApi } from '../../src/local/appsync/api-definition.js';
import { CloudFormationError, evaluateStacks, type CfnTemplate, type DeploymentContext } from '../../src/local/appsync/cloudformation.js';
import { compiledApi } from '../support/local-cloud.js';
import { projectRoot } from './helpers.js';

const context: DeploymentContext = {
  region: 'eu-west-1',
  accountId: '111122223333',
  generatedValue: (stack, logicalId, _resource, attribute) => `${stack}/${logicalId}/${attribute}`,
};

function evaluateRoot(root: CfnTemplate, value: unknown, nested: Record<string, CfnTemplate> = {}, parameters: Record<string, unknown> = {}) {
  const [stack] = evaluateStacks({ root, nested, parameters, context });
  return stack!.evaluate(value);
}

describe('intrinsic functions', () => {
  const root: CfnTemplate = {
    Parameters: { env: { Type: 'String', Default: 'NONE' }, name: { Type: 'String' } },
    Conditions: {
      HasEnv: { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'env' }, 'NONE'] }] },
      Both: { 'Fn::And': [{ Condition: 'HasEnv' }, { 'Fn::Equals': ['a', 'a'] }] },
    },
    Resources: {
      Table: { Type: 'AWS::DynamoDB::Table', Properties: { TableName: { 'Fn::Join': ['-', ['T', { Ref: 'name' }, { Ref: 'env' }]] } } },
      Role: { Type: 'AWS::IAM::Role' },
      Skipped: { Type: 'AWS::IAM::Role', Condition: 'HasEnv' },
    },
  };
  const evaluate = (value: unknown, parameters: Record<string, unknown> = { name: 'api' }) => evaluateRoot(root, value, {}, parameters);

  it('resolves Ref to parameters, defaults, pseudo parameters and table names', () => {
    expect(evaluate({ Ref: 'name' })).toBe('api');
    expect(evaluate({ Ref: 'env' })).toBe('NONE');
    expect(evaluate({ Ref: 'AWS::Region' })).toBe('eu-west-1');
    expect(evaluate({ Ref: 'Table' })).toBe('T-api-NONE');
    expect(evaluate({ Ref: 'Role' })).toBe('root/Role/Ref');
  });

  it('resolves GetAtt in both forms, Sub, Select and Split', () => {
    expect(evaluate({ 'Fn::GetAtt': ['Role', 'Arn'] })).toBe('root/Role/Arn');
    expect(evaluate({ 'Fn::GetAtt': 'Role.Arn' })).toBe('root/Role/Arn');
    expect(evaluate({ 'Fn::Sub': '${Table}:${AWS::Region}:${Role.Arn}:${!Literal}' })).toBe('T-api-NONE:eu-west-1:root/Role/Arn:${Literal}');
    expect(evaluate({ 'Fn::Sub': ['${x}-${name}', { x: { Ref: 'AWS::AccountId' } }] })).toBe('111122223333-api');
    expect(evaluate({ 'Fn::Select': [1, { 'Fn::Split': ['/', 'a/b/c'] }] })).toBe('b');
  });

  it('applies conditions with Fn::If and drops AWS::NoValue', () => {
    const value = { a: { 'Fn::If': ['HasEnv', 'yes', 'no'] }, b: { 'Fn::If': ['HasEnv', 1, { Ref: 'AWS::NoValue' }] }, c: [1, { Ref: 'AWS::NoValue' }, 2] };
    expect(evaluate(value)).toEqual({ a: 'no', c: [1, 2] });
    expect(evaluate(value, { name: 'api', env: 'dev' })).toEqual({ a: 'yes', b: 1, c: [1, 2] });
    expect(evaluate({ Condition: 'Both' }, { name: 'api', env: 'dev' })).toBe(true);
  });

  it('names what it cannot evaluate', () => {
    expect(() => evaluate({ 'Fn::ImportValue': 'x' })).toThrow(/Fn::ImportValue is not supported/);
    expect(() => evaluate({ Ref: 'Missing' })).toThrow(CloudFormationError);
    expect(() => evaluate({ Ref: 'name' }, {})).toThrow(/parameter name has no value/);
  });
});

describe('nested stacks', () => {
  it('passes parameters in and reads outputs out, across sibling stacks', () => {
    const root: CfnTemplate = {
      Parameters: { env: { Default: 'dev' } },
      Resources: {
        A: { Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: 'https://s3/bucket/stacks/A.json', Parameters: { env: { Ref: 'env' } } } },
        B: {
          Type: 'AWS::CloudFormation::Stack',
          Properties: { TemplateURL: 'https://s3/bucket/stacks/B.json', Parameters: { fromA: { 'Fn::GetAtt': ['A', 'Outputs.Name'] } } },
        },
      },
    };
    const A: CfnTemplate = {
      Parameters: { env: {} },
      Resources: { T: { Type: 'AWS::DynamoDB::Table', Properties: { TableName: { 'Fn::Sub': 'Thing-${env}' } } } },
      Outputs: { Name: { Value: { Ref: 'T' } } },
    };
    const B: CfnTemplate = { Parameters: { fromA: {} }, Resources: {}, Outputs: { Copy: { Value: { 'Fn::Join': ['', ['copy of ', { Ref: 'fromA' }]] } } } };
    const stacks = evaluateStacks({ root, nested: { 'A.json': A, 'B.json': B }, parameters: {}, context });
    expect(stacks.map((s) => s.name)).toEqual(['root', 'A', 'B']);
    expect(stacks[0]!.evaluate({ 'Fn::GetAtt': ['B', 'Outputs.Copy'] })).toBe('copy of Thing-dev');
  });

  it('reports a circular reference instead of overflowing', () => {
    const root: CfnTemplate = {
      Resources: {
        A: { Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: 'x/A.json', Parameters: { p: { 'Fn::GetAtt': ['A', 'Outputs.O'] } } } },
      },
    };
    const A: CfnTemplate = { Parameters: { p: {} }, Outputs: { O: { Value: { Ref: 'p' } } } };
    const [stack] = evaluateStacks({ root, nested: { 'A.json': A }, parameters: {}, context });
    expect(() => stack!.evaluate({ 'Fn::GetAtt': ['A', 'Outputs.O'] })).toThrow(/circular reference/);
  });
});

describe("the project's compiled API", () => {
  const api = defineApi(compiledApi(projectRoot), { apiId: 'wildrydes', env: 'local', region: 'us-east-1' });

  it('has one table per model, named <Model>-<apiId>-<env>, with the byOwner and byStatusZone indexes', () => {
    expect(api.tables.map((t) => t.TableName).sort()).toEqual(['Ride-wildrydes-local', 'Rider-wildrydes-local', 'Unicorn-wildrydes-local']);
    const ride = api.tables.find((t) => t.TableName.startsWith('Ride-'))!;
    expect(ride.GlobalSecondaryIndexes).toEqual([
      {
        IndexName: 'byStatusZone',
        KeySchema: [
          { AttributeName: 'statusZone', KeyType: 'HASH' },
          { AttributeName: 'requestedAt', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
      {
        IndexName: 'byOwner',
        KeySchema: [
          { AttributeName: 'owner', KeyType: 'HASH' },
          { AttributeName: 'requestedAt', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
    ]);
  });

  it('maps every pipeline function to its template through the stacks', () => {
    const getRide = api.resolvers.find((r) => r.typeName === 'Query' && r.fieldName === 'getRide')!;
    expect(getRide.kind).toBe('PIPELINE');
    const steps = (getRide as { functions: string[] }).functions.map((id) => api.functions.find((f) => f.id === id)!);
    expect(steps.map((f) => f.requestTemplate)).toEqual([
      'resolvers/Query.getRide.auth.1.req.vtl',
      // The transformer shares one postAuth function (and template) between the models' queries.
      expect.stringMatching(/^resolvers\/Query\.get\w+\.postAuth\.1\.req\.vtl$/),
      'resolvers/Query.getRide.req.vtl',
    ]);
    // The user-defined slot runs after the generated postAuth step.
    const createRide = api.resolvers.find((r) => r.typeName === 'Mutation' && r.fieldName === 'createRide') as { functions: string[] };
    const templates = createRide.functions.map((id) => api.functions.find((f) => f.id === id)!.requestTemplate);
    expect(templates.indexOf('resolvers/Mutation.createRide.postAuth.2.req.vtl')).toBe(templates.indexOf(templates.find((n) => n.includes('postAuth.1'))!) + 1);
    for (const key of [...api.functions.flatMap((f) => [f.requestTemplate, f.responseTemplate]), ...api.resolvers.flatMap((r) => [r.requestTemplate, r.responseTemplate])]) {
      expect(api.templates.has(key), key).toBe(true);
    }
  });

  it('resolves the field resolvers of Ride', () => {
    const fields = api.resolvers.filter((r) => r.typeName === 'Ride').map((r) => r.fieldName).sort();
    expect(fields).toEqual(expect.arrayContaining(['dispatcherNote', 'owner', 'passengers', 'unicorn']));
  });
});
