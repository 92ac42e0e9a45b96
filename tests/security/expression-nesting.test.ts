// Issue 15's fuzz finding: `listRides(filter: {not: {not: ... }})` made dynalite's expression parser
// take exponential time and stopped the whole local cloud. The embedded store now parses with a
// cached (linear) copy of dynalite's parsers: same results, and a filter nested as deep as the
// request limits allow (64 input levels) is answered. Timings are in bench/expression-nesting.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadParser } from '../../src/local/dynamodb/linear-expression-parsers.js';
import { CREATE_RIDE, createUser, gql, rideInput, signInAs, startTestCloud, type TestCloud } from '../local/helpers.js';

const context = () => ({
  attrNames: { '#owner': 'owner', '#n': 'name', '#l': 'list' },
  attrVals: { ':v': { S: 'x' }, ':w': { N: '1' }, ':z': { N: '9' } },
  isReserved: (name: string) => name.toUpperCase() === 'NAME',
  compare: () => true,
});
const nestedNot = (depth: number) => {
  let expression = '(#owner = :v)';
  for (let i = 0; i < depth; i++) expression = `(NOT ${expression})`;
  return expression;
};
const outcome = (parser: { parse(input: string, options: unknown): unknown }, expression: string) => {
  try {
    return { value: parser.parse(expression, { context: context() }) };
  } catch (error) {
    return { error: (error as Error).message };
  }
};

describe("dynalite's condition parser with the result cache", () => {
  const original = loadParser('dynalite/db/conditionParser', { cached: false });
  const cached = loadParser('dynalite/db/conditionParser', { cached: true });

  it.each([
    '#owner = :v',
    '#owner = :v AND (NOT #l[1].x < :w OR attribute_exists(#owner))',
    '#owner BETWEEN :w AND :z',
    '#owner IN (:v, :w) OR begins_with(#owner, :v)',
    'size(#l) > :w AND contains(#l, :v)',
    nestedNot(3),
    // errors must read the same
    '((#owner = :v))',
    'name = :v',
    '#owner = :missing',
    '#owner = = :v',
    'unknown_fn(#owner)',
  ])('answers %s exactly as dynalite does', (expression) => {
    expect(outcome(cached, expression)).toEqual(outcome(original, expression));
  });

  it('parses a filter nested 60 levels deep', () => {
    const result = outcome(cached, nestedNot(60));
    expect(result.error).toBeUndefined();
  });
});

describe('a deeply nested GraphQL filter', () => {
  let t: TestCloud;
  beforeAll(async () => {
    t = await startTestCloud();
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('is answered (30 nested `not`, as deep as the request limits allow), with the right result', async () => {
    await createUser(t, 'alice');
    await signInAs('alice');
    expect((await gql(CREATE_RIDE, { input: rideInput({}) })).errors).toBeUndefined();
    let filter = '{owner: {attributeExists: true}}';
    for (let i = 0; i < 30; i++) filter = `{not: ${filter}}`;
    // An even number of `not`: every ride of the caller matches.
    const list = await gql(`query { listRides(filter: ${filter}) { items { id } } }`);
    expect(list.errors).toBeUndefined();
    expect(list.data.listRides.items).toHaveLength(1);
    filter = `{not: ${filter}}`;
    const none = await gql(`query { listRides(filter: ${filter}) { items { id } } }`);
    expect(none.data.listRides.items).toHaveLength(0);
  });
});
