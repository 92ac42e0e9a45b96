// The shortcut for constant templates against the render it replaces: every template of the
// compiled project that the engine renders once is rendered both ways with the same inputs, and the
// answers (output, stash, arguments, errors, flags) must be the same.
import { describe, expect, it } from 'vitest';
import { isConstantTemplate, type Render } from '../../src/local/appsync/constant-templates.js';
import { createGraphQLEngine } from '../../src/local/appsync/graphql-engine.js';
import { cognitoIdentity } from '../../src/local/appsync/identity.js';
import { projectApi } from '../access/project.js';

describe('which templates are constant', () => {
  it('takes a single $util.toJson of a literal, comments around it allowed', () => {
    expect(isConstantTemplate('$util.toJson({"version":"2018-05-29","payload":{}})')).toBe(true);
    expect(isConstantTemplate('## a comment\n$util.toJson({\n  "version": "2018-05-29",\n  "payload": {}\n})\n## [End]')).toBe(true);
  });

  it('refuses anything that reads its context or has a directive', () => {
    for (const text of [
      '$util.toJson($ctx.args)',
      '$util.toJson({"a": "$ctx.source.id"})',
      '#set($x = 1)\n$util.toJson({})',
      '$util.toJson({}) #if(true) x #end',
      '$util.qr($ctx.stash.put("a", 1))\n$util.toJson({})',
      '$util.toJson({}) trailing text',
      'text $util.toJson({})',
    ]) {
      expect(isConstantTemplate(text), text).toBe(false);
    }
  });
});

describe('a constant template rendered once answers as every render would', () => {
  const constant = Object.entries(projectApi().resolvers).filter(([, text]) => isConstantTemplate(text));
  const engine = createGraphQLEngine(
    { apiId: 'constants', schema: 'type Query { nothing: String }', templates: new Map(constant), tables: [], dataSources: [{ name: 'NONE_DS', type: 'NONE' }], functions: [], resolvers: [] },
    { endpoint: 'http://127.0.0.1:9', region: 'us-east-1' },
  );
  const templates = (engine.simulator as unknown as { mappingTemplates: Map<string, { render: Render }> }).mappingTemplates;
  const claims = { sub: 'sub-1', username: 'alice', iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_x', token_use: 'access' };
  const requestContext = () => ({
    jwt: claims,
    requestAuthorizationMode: 'AMAZON_COGNITO_USER_POOLS',
    sourceIp: '127.0.0.1',
    headers: {},
    appsyncErrors: [],
    identity: cognitoIdentity(claims, '127.0.0.1'),
  });
  const nullPrototype = Object.assign(Object.create(null) as object, { id: 'r1', limit: 10 });
  const inputs: Array<{ arguments?: unknown; stash?: unknown; source?: unknown }> = [
    { arguments: {}, source: { owner: 'sub-1::alice', pickup: { latitude: 47.5, longitude: -122 } } },
    { arguments: { input: { a: 1, b: [1, 'x', { c: null }], d: 1.5, e: true } }, stash: { hasAuth: true, authFilter: { or: [{ owner: { eq: 'x' } }] } } },
    { arguments: nullPrototype, stash: { at: new Date('2026-01-01T00:00:00Z'), n: -0, list: [[1, 2], []] } },
    { arguments: {}, stash: JSON.parse('{"__proto__": {"x": 1}, "y": 2}') as unknown },
    // The VTL map answers its toJSON with this value, and the render fails: so must the shortcut.
    { arguments: { toJSON: 'x' } },
    { arguments: {}, stash: undefined },
  ];

  it('covers the constant templates of the compiled project', () => {
    // Ride.owner, Ride.passengers, Rider.owner and the subscriptions' request templates.
    expect(constant.map(([name]) => name)).toContain('Ride.owner.req.vtl');
    expect(constant.length).toBe(12);
    for (const [name] of constant) expect(templates.get(name)?.render, name).toBeDefined();
  });

  it.each(constant.map(([name]) => name))('%s', (name) => {
    const template = templates.get(name)!;
    const reference = (Object.getPrototypeOf(template) as { render: Render }).render.bind(template);
    expect(template.render).not.toBe((Object.getPrototypeOf(template) as { render: Render }).render);
    for (const values of [...inputs, ...inputs]) {
      const expected = outcome(() => reference(values, requestContext(), undefined));
      const actual = outcome(() => template.render(values, requestContext(), undefined));
      expect(actual).toStrictEqual(expected);
    }
  });
});

/** A render's answer, or the error it threw. */
function outcome(render: () => unknown): { answer: unknown } | { error: string } {
  try {
    return { answer: render() };
  } catch (error) {
    return { error: `${(error as Error).name}: ${(error as Error).message}` };
  }
}
