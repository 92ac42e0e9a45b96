// AppSync's execution limits as the compiled API defines them: resolver invocations counted as they
// run (ResolverCountLimit, default 10,000), a depth limit only when QueryDepthLimit is set, and
// validation errors in AppSync's (graphql-java's) wording.
import { describe, expect, it } from 'vitest';
import { APPSYNC_DEFAULT_RESOLVER_COUNT_LIMIT, type ApiDefinition, type ApiLimits } from '../../src/local/appsync/api-definition.js';
import { createGraphQLEngine } from '../../src/local/appsync/graphql-engine.js';
import { REQUEST_LIMITS } from '../../src/local/appsync/request-limits.js';
import { compiledApi } from '../support/local-cloud.js';
import { defineApi } from '../../src/local/appsync/api-definition.js';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

// items: a list of five Things; each Thing's `next` has a resolver; `name` has none.
function api(limits?: ApiLimits): ApiDefinition {
  const templates = new Map<string, string>([
    ['inline/request.vtl', '$util.toJson({"version": "2018-05-29", "payload": {}})'],
    ['inline/items.vtl', '$util.toJson([{"name": "a"}, {"name": "b"}, {"name": "c"}, {"name": "d"}, {"name": "e"}])'],
    ['inline/next.vtl', '$util.toJson({"name": "n"})'],
  ]);
  const resolver = (typeName: string, fieldName: string) => ({
    kind: 'UNIT' as const, typeName, fieldName, dataSourceName: 'NONE_DS', requestTemplate: 'inline/request.vtl', responseTemplate: `inline/${fieldName}.vtl`,
  });
  return {
    apiId: 'limits',
    schema: 'type Query { items: [Thing] } type Thing { name: String next: Thing }',
    templates,
    tables: [],
    dataSources: [{ name: 'NONE_DS', type: 'NONE' }],
    functions: [],
    resolvers: [resolver('Query', 'items'), resolver('Thing', 'next')],
    ...(limits ? { limits } : {}),
  };
}

const caller = { claims: { sub: 's', username: 'u', iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_x', token_use: 'access' }, sourceIp: '127.0.0.1', headers: {} };
const target = { endpoint: 'http://127.0.0.1:9', region: 'us-east-1' };

describe('the limits of the compiled API', () => {
  it('the project\'s API sets no QueryDepthLimit and the default ResolverCountLimit', () => {
    const definition = defineApi(filesOf(), { apiId: 'wildrydes', env: 'local', region: 'us-east-1' });
    expect(definition.limits).toEqual({ resolverCountLimit: APPSYNC_DEFAULT_RESOLVER_COUNT_LIMIT });
  });

  it('counts resolver invocations, not fields: a resolver under a list runs once per item', async () => {
    // 1 (items) + 5 (next, once per item) = 6 invocations; 13 fields selected.
    const query = '{ items { name next { name } } a: items { name } }';
    const within = createGraphQLEngine(api({ resolverCountLimit: 7 }), target);
    expect((await within.execute({ query }, caller)).errors).toBeUndefined();
    const beyond = createGraphQLEngine(api({ resolverCountLimit: 6 }), target);
    const result = await beyond.execute({ query }, caller);
    expect(result.errors?.[0]?.message).toBe('Resolver count limit of 6 exceeded (the API\'s ResolverCountLimit)');
  });

  it('a query that must invoke more resolvers than the limit is refused before any runs', async () => {
    const engine = createGraphQLEngine(api({ resolverCountLimit: 10 }), target);
    const query = `{ ${Array.from({ length: 11 }, (_, i) => `a${i}: items { name }`).join(' ')} }`;
    expect(await engine.execute({ query }, caller)).toEqual({
      data: null,
      errors: [{ path: null, locations: null, message: 'Resolver count limit of 10 exceeded (the API\'s ResolverCountLimit)' }],
    });
  });

  it('many selected fields without resolvers are not limited: 12,000 __typename selections run', async () => {
    const engine = createGraphQLEngine(api(), target);
    const query = `{ ${Array.from({ length: 12_000 }, (_, i) => `f${i}: __typename`).join(' ')} }`;
    const result = await engine.execute({ query }, caller);
    expect(result.errors).toBeUndefined();
    expect(Object.keys(result.data as object)).toHaveLength(12_000);
  });

  it('no depth limit unless the API sets one; with QueryDepthLimit, deeper queries get an error and nothing runs', async () => {
    const deep = `{ items { ${'next { '.repeat(79)}name${' }'.repeat(79)} } }`; // 81 levels
    const unlimited = createGraphQLEngine(api(), target);
    expect((await unlimited.execute({ query: deep }, caller)).errors).toBeUndefined();
    const limited = createGraphQLEngine(api({ queryDepthLimit: 3, resolverCountLimit: 10_000 }), target);
    expect(await limited.execute({ query: '{ items { next { name } } }' }, caller)).toMatchObject({ data: { items: expect.any(Array) } });
    const refused = await limited.execute({ query: '{ items { next { next { name } } } }' }, caller);
    expect(refused).toMatchObject({ data: null, errors: [{ message: 'Query depth limit of 3 exceeded (the API\'s QueryDepthLimit)' }] });
  });

  it('stops validating after 100 errors (found by the fuzz test: thousands of them held the event loop for seconds)', async () => {
    const engine = createGraphQLEngine(api(), target);
    const query = `{ items(${Array.from({ length: 2_000 }, (_, i) => `a${i}: 1`).join(', ')}) { name } }`;
    const result = await engine.execute({ query }, caller);
    expect(result.data).toBeNull();
    expect(result.errors).toHaveLength(REQUEST_LIMITS.maxValidationErrors + 1);
    expect(result.errors?.[0]?.message).toMatch(/^Validation error of type UnknownArgument: Unknown field argument a0 @ 'items'/);
    expect(result.errors?.at(-1)).toEqual({ path: null, locations: null, message: 'Too many validation errors, error limit reached. Validation aborted.' });
  });

  it('the local protection sits far beyond: 1,000 levels, and 1,000,000 expanded selections', async () => {
    expect(REQUEST_LIMITS.maxDepth).toBeGreaterThanOrEqual(1_000);
    const engine = createGraphQLEngine(api(), target);
    const tooDeep = `{ items { ${'next { '.repeat(1_000)}name${' }'.repeat(1_000)} } }`;
    await expect(engine.execute({ query: tooDeep }, caller)).rejects.toThrow(/nested more than 1000 levels deep \(a protection of the local endpoint/);
    // Fragments that multiply each other: 10^7 selections from a few hundred bytes.
    const fragments = Array.from({ length: 7 }, (_, i) => `fragment F${i} on Query { ${Array.from({ length: 10 }, () => (i === 0 ? '__typename' : `...F${i - 1}`)).join(' ')} }`).join('\n');
    await expect(engine.execute({ query: `{ ...F6 }\n${fragments}` }, caller)).rejects.toThrow(/more than 1000000 with fragments expanded/);
  });
});

describe('validation errors in AppSync\'s wording', () => {
  const engine = createGraphQLEngine(api(), target);
  it.each([
    ['{ items { nope } }', "Validation error of type FieldUndefined: Field 'nope' in type 'Thing' is undefined @ 'items/nope'"],
    ['{ items(first: 1) { name } }', "Validation error of type UnknownArgument: Unknown field argument first @ 'items'"],
    ['{ items }', "Validation error of type SubSelectionRequired: Sub selection required for type [Thing] of field items @ 'items'"],
    ['{ items { name { x } } }', "Validation error of type SubSelectionNotAllowed: Sub selection not allowed on leaf type String of field name @ 'items/name'"],
    ['query ($v: String) { items { name } }', 'Validation error of type UnusedVariable: Unused variable v'],
  ])('%s', async (query, message) => {
    const result = await engine.execute({ query }, caller);
    expect(result.data).toBeNull();
    expect(result.errors?.[0]).toMatchObject({ path: null, message });
    expect(result.errors?.[0]?.locations?.[0]).toMatchObject({ line: 1, sourceName: null });
  });
});

function filesOf() {
  return compiledApi(projectRoot);
}
