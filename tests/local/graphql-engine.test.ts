// The engine's differences from the bare simulator, on a tiny API with a NONE data source: the
// AppSync identity, Java Velocity's answer to list.put(x), AppSync's unauthorized message, and a log
// line when the VTL engine itself fails (the simulator would silently return null).
import { describe, expect, it } from 'vitest';
import type { ApiDefinition } from '../../src/local/appsync/api-definition.js';
import { createGraphQLEngine } from '../../src/local/appsync/graphql-engine.js';

const fields: Record<string, string> = {
  whoami: '$util.toJson($ctx.identity)',
  listPut: '#set($list = ["a::b"])\n$util.qr($list.put("c"))\n#set($text = "abc")\n$util.qr($text.put("x"))\n$util.toJson($list)',
  denied: '$util.unauthorized()',
  // The key of the transformer's @hasOne resolver: a missing attribute of the source must stay null.
  missingKey: '#set($key = $util.defaultIfNull($ctx.stash.nothing.get("id"), $ctx.source.missing))\n$util.toJson({"isNull": $util.isNull($key)})',
  emptiness:
    '$util.toJson([$util.isNullOrEmpty(""), $util.isNullOrEmpty("abc"), $util.isNullOrBlank("  "), $util.isNullOrEmpty([]), $util.isNullOrEmpty({"a": 1}), ' +
    '$util.defaultIfNullOrBlank("  ", "x"), $util.defaultIfNullOrEmpty("abc", "x"), $util.defaultIfNull(null, "y")])',
  // As the transformer hides a protected field in a mutation's answer.
  returnsNull: '#if( true )\n  #return($util.toJson(null))\n#end\n$util.toJson("unreachable")',
  returnsObject: '#if( true )\n  #return($util.toJson({"id": "x"}))\n#end\n$util.toJson("unreachable")',
  // A JavaScript TypeError inside the simulator's $util (Buffer.from(undefined)), not a template error.
  broken: '#set($value = $util.base64Decode($ctx.args.nothing))\n$util.toJson("unreachable")',
};

function tinyApi(): ApiDefinition {
  const templates = new Map<string, string>([['inline/request.vtl', '$util.toJson({"version": "2018-05-29", "payload": {}})']]);
  for (const [field, body] of Object.entries(fields)) templates.set(`inline/${field}.vtl`, body);
  return {
    apiId: 'tiny',
    schema:
      'type Query { whoami: AWSJSON listPut: [String] denied: String broken: String missingKey: AWSJSON emptiness: AWSJSON returnsNull: Thing returnsObject: Thing } type Thing { id: ID! }',
    templates,
    tables: [],
    dataSources: [{ name: 'NONE_DS', type: 'NONE' }],
    functions: [],
    resolvers: Object.keys(fields).map((fieldName) => ({
      kind: 'UNIT' as const,
      typeName: 'Query',
      fieldName,
      dataSourceName: 'NONE_DS',
      requestTemplate: 'inline/request.vtl',
      responseTemplate: `inline/${fieldName}.vtl`,
    })),
  };
}

const target = { endpoint: 'http://127.0.0.1:9', region: 'us-east-1' };
const logs: string[] = [];
const engine = createGraphQLEngine(tinyApi(), target, { log: (line) => logs.push(line) });
const claims = { sub: 'sub-1', username: 'alice', 'cognito:groups': ['Dispatchers'], iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_x', token_use: 'access' };

// Both ways of preparing templates (all at creation; each at its first render, as `npm start` does).
describe.each(['eager', 'first-use'] as const)('the VTL context and semantics, templates prepared %s', (templates) => {
  const logs: string[] = [];
  const engine = createGraphQLEngine(tinyApi(), target, { log: (line) => logs.push(line), templates });
  const run = (query: string) => engine.execute({ query }, { claims, sourceIp: '10.0.0.7', headers: { 'x-test': '1' } });

  it('gives templates the identity AppSync gives them', async () => {
    const { data } = await run('{ whoami }');
    expect(JSON.parse((data as { whoami: string }).whoami)).toEqual({
      sub: 'sub-1',
      issuer: claims.iss,
      username: 'alice',
      claims,
      sourceIp: ['10.0.0.7'],
      defaultAuthStrategy: 'ALLOW',
      groups: ['Dispatchers'],
    });
  });

  it('evaluates put(x) on a list or a string to null, as Java Velocity does, instead of failing the template', async () => {
    expect(await run('{ listPut }')).toEqual({ data: { listPut: ['a::b'] } });
  });

  it('keeps a missing attribute null through $util.defaultIfNull (the simulator gives "")', async () => {
    expect(await run('{ missingKey }')).toEqual({ data: { missingKey: '{"isNull":true}' } });
  });

  it('tests strings for emptiness and blankness as AppSync does', async () => {
    const { data } = await run('{ emptiness }');
    expect(JSON.parse((data as { emptiness: string }).emptiness)).toEqual([true, false, true, true, false, 'x', 'abc', 'y']);
  });

  it('returns the value of #return($util.toJson(...)), not its JSON text', async () => {
    expect(await run('{ returnsNull { id } returnsObject { id } }')).toEqual({ data: { returnsNull: null, returnsObject: { id: 'x' } } });
  });

  it("reports $util.unauthorized() with AppSync's message", async () => {
    const result = await run('{ denied }');
    expect(result.errors).toEqual([
      { path: ['denied'], data: null, errorType: 'Unauthorized', errorInfo: null, locations: [{ line: 1, column: 3, sourceName: null }], message: 'Not Authorized to access denied on type Query' },
    ]);
    expect(logs).toEqual([]);
  });

  it('logs a failure of the VTL engine itself', async () => {
    expect((await run('{ broken }')).data).toEqual({ broken: null });
    expect(logs).toEqual([expect.stringMatching(/^\[graphql\] the VTL engine failed in inline\/broken\.vtl: /)]);
  });
});

describe('templates prepared at first use', () => {
  const api = (body: string): ApiDefinition => {
    const definition = tinyApi();
    definition.templates.set('inline/whoami.vtl', body);
    return definition;
  };
  const render = async (engine: ReturnType<typeof createGraphQLEngine>) => engine.execute({ query: '{ whoami }' }, { claims, sourceIp: '10.0.0.7', headers: {} });

  it('leaves a template that does not parse to its first render; eager preparation refuses the API', async () => {
    const broken = api('#if($ctx.args.x\n$util.toJson("no end")');
    expect(() => createGraphQLEngine(broken, target, { templates: 'eager' })).toThrow(/Parse error/);
    const engine = createGraphQLEngine(broken, target, { templates: 'first-use' });
    expect((await render(engine)).errors?.[0]?.message).toMatch(/Parse error|Lexical error|Expecting/);
    expect((await run('{ listPut }', engine)).data).toEqual({ listPut: ['a::b'] });
  });

  it('logs a template the compiler does not translate when it first renders, then runs it in the interpreter', async () => {
    const lines: string[] = [];
    const engine = createGraphQLEngine(api('#define($text)ok#end\n$util.toJson("$text")'), target, { log: (line) => lines.push(line), templates: 'first-use' });
    expect(lines).toEqual([]);
    expect((await render(engine)).data).toEqual({ whoami: '"ok"' });
    expect((await render(engine)).data).toEqual({ whoami: '"ok"' });
    expect(lines).toEqual([expect.stringMatching(/^\[graphql\] inline\/whoami\.vtl runs in the VTL interpreter: the compiler does not translate /)]);
  });
});

const run = (query: string, on = engine) => on.execute({ query }, { claims, sourceIp: '10.0.0.7', headers: { 'x-test': '1' } });

describe('parsed documents kept between requests', () => {
  const call = (query: string, operationName?: string) => engine.execute({ query, operationName }, { claims, sourceIp: '10.0.0.7', headers: {} });

  it('still applies the limits of the operation a repeated query names', async () => {
    const deep = `query B { ${'returnsObject { '.repeat(1_010)}id${' }'.repeat(1_010)} }`;
    const query = `query A { denied } ${deep}`;
    // Validation covers the whole document; the limits only the operation that runs.
    const first = await call(query, 'A');
    expect(first.errors?.[0]?.message).toMatch(/Validation error of type FieldUndefined: Field 'returnsObject' in type 'Thing' is undefined/);
    await expect(call(query, 'B')).rejects.toThrow(/nested more than 1000 levels/);
    expect(await call(query, 'A')).toEqual(first);
  });

  it('answers a repeated invalid query with the same validation errors', async () => {
    const first = await call('{ nothingHere }');
    expect(first.errors?.[0]?.message).toMatch(/Validation error of type FieldUndefined: Field 'nothingHere' in type 'Query' is undefined/);
    expect(await call('{ nothingHere }')).toEqual(first);
  });
});
