// The store's cache of parsed expressions (src/local/dynamodb/parsed-expression-cache.ts) must answer
// exactly what dynalite's own parser answers: the same tree (with the request's own value objects in
// it), the same error string or syntax error, the same names and values struck from the "unused" sets.
// Compared over the recorded resolver expressions and a few thousand generated ones, valid and not,
// each parsed twice through the cache with different values of the same types (the second is a hit).
import { describe, expect, it } from 'vitest';
import { loadParser } from '../../src/local/dynamodb/linear-expression-parsers.js';
import { createParseCache, type Parse, type ParseContext } from '../../src/local/dynamodb/parsed-expression-cache.js';

// dynalite's own (no result cache: its exact behaviour), and the linear one the store runs.
const original = loadParser('dynalite/db/conditionParser', { cached: false }).parse as Parse;
const linear = loadParser('dynalite/db/conditionParser', { cached: true }).parse as Parse;
const projectionOriginal = loadParser('dynalite/db/projectionParser', { cached: false }).parse as Parse;
const projectionLinear = loadParser('dynalite/db/projectionParser', { cached: true }).parse as Parse;

const RESERVED = new Set(['NAME', 'STATUS', 'SIZE', 'OWNER', 'DATA']);
const isReserved = (name: string) => RESERVED.has(name.toUpperCase());
// dynalite's db.compare is only reached by BETWEEN, which the cache passes through; a stand-in will do.
const compare = (op: string, x: Record<string, string>, y: Record<string, string>) => op === 'GT' && Object.values(x)[0]! > Object.values(y)[0]!;

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A context as dynalite's validateExpressions builds it, the unused sets full. */
function contextFor(attrNames: Record<string, string> | undefined, attrVals: Record<string, unknown> | undefined): ParseContext {
  return {
    attrNames,
    attrVals,
    unusedAttrNames: Object.fromEntries(Object.keys(attrNames ?? {}).map((k) => [k, true])),
    unusedAttrVals: Object.fromEntries(Object.keys(attrVals ?? {}).map((k) => [k, true])),
    isReserved,
    compare,
  };
}

type Outcome = { value: unknown; unused: [string[], string[]] } | { thrown: string; unused: [string[], string[]] };

function outcome(parse: Parse, input: string, context: ParseContext): Outcome {
  const unused = (): [string[], string[]] => [Object.keys(context.unusedAttrNames ?? {}), Object.keys(context.unusedAttrVals ?? {})];
  try {
    const value = parse(input, { context });
    return { value, unused: unused() };
  } catch (error) {
    return { thrown: `${(error as Error).name}: ${(error as Error).message}`, unused: unused() };
  }
}

/** Same structure, prototypes and key order; the request's value objects must be the very same objects. */
function expectSame(actual: unknown, expected: unknown, values: Set<unknown>, at = '$'): void {
  if (values.has(expected)) {
    expect(actual, `${at} is the request's value object`).toBe(expected);
    return;
  }
  if (expected === null || typeof expected !== 'object') {
    expect(actual, at).toStrictEqual(expected);
    return;
  }
  expect(actual !== null && typeof actual === 'object', at).toBe(true);
  expect(Array.isArray(actual), `${at} array`).toBe(Array.isArray(expected));
  expect(Object.getPrototypeOf(actual), `${at} prototype`).toBe(Object.getPrototypeOf(expected));
  expect(Object.keys(actual as object), `${at} keys`).toEqual(Object.keys(expected));
  for (const key of Object.keys(expected)) expectSame((actual as Record<string, unknown>)[key], (expected as Record<string, unknown>)[key], values, `${at}.${key}`);
}

function expectSameOutcome(actual: Outcome, expected: Outcome, values: Set<unknown>, what: string): void {
  expect(actual.unused, `${what}: unused names and values`).toEqual(expected.unused);
  if ('thrown' in expected) {
    expect('thrown' in actual ? actual.thrown : actual, what).toBe(expected.thrown);
    return;
  }
  expect('value' in actual, `${what}: ${'thrown' in actual ? actual.thrown : ''}`).toBe(true);
  expectSame((actual as { value: unknown }).value, expected.value, values, what);
}

const NAMES = { '#o': 'owner', '#p': 'passengers', '#s': 'status', '#n': 'name', '#a': 'a', '#e': '' };
function valuesOf(variant: number): Record<string, unknown> {
  return {
    ':s': { S: `s${variant}` },
    ':s2': { S: `t${variant}` },
    ':n': { N: String(variant) },
    ':b': { B: 'AAEC' },
    ':ss': { SS: ['x', `y${variant}`] },
    ':l': { L: [{ S: 'x' }] },
    ':m': { M: { k: { N: String(variant) } } },
    ':t': { BOOL: variant % 2 === 0 },
    ':z': { NULL: true },
  };
}

/** Expressions from the operands and operators dynalite's grammar knows, and some it does not. */
function generate(rnd: () => number, depth: number): string {
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const path = () => pick(['#o', '#p', '#s', '#a', '#missing', 'name', 'owner', 'createdAt', 'a.b', '#a[0]', '#a.#o', 'x[1][2]', '#e', 'status.#s']);
  const value = () => pick([':s', ':s2', ':n', ':b', ':ss', ':l', ':m', ':t', ':z', ':missing']);
  const operand = () => (rnd() < 0.15 ? `size(${path()})` : rnd() < 0.5 ? path() : value());
  const condition = (): string => {
    const r = rnd();
    if (depth > 0 && r < 0.3) {
      const inner = generate(rnd, depth - 1);
      return pick([`(${inner})`, `NOT ${inner}`, `NOT (${inner})`, `((${inner}))`, `${inner} AND ${generate(rnd, depth - 1)}`, `${inner} OR ${generate(rnd, depth - 1)}`]);
    }
    if (r < 0.55) return `${operand()} ${pick(['=', '<>', '<', '<=', '>', '>='])} ${operand()}`;
    if (r < 0.8) {
      const fn = pick(['attribute_exists', 'attribute_not_exists', 'begins_with', 'contains', 'size', 'unknown_fn', 'begins_with', 'contains']);
      const args = fn.startsWith('attribute_') ? [operand()] : fn === 'size' ? [path()] : [operand(), operand()];
      if (rnd() < 0.1) args.push(operand());
      return `${fn}(${args.join(', ')})`;
    }
    if (r < 0.9) return `${operand()} IN (${value()}, ${operand()})`;
    return `${operand()} ${pick(['BETWEEN', 'between'])} ${value()} AND ${value()}`;
  };
  return condition();
}

/** Breaks an expression: a character dropped, doubled or replaced. */
function mangle(rnd: () => number, expression: string): string {
  const at = Math.floor(rnd() * expression.length);
  const r = rnd();
  if (r < 0.33) return expression.slice(0, at) + expression.slice(at + 1);
  if (r < 0.66) return expression.slice(0, at) + expression[at] + expression.slice(at);
  return expression.slice(0, at) + ' ()=,:#.[]!x'[Math.floor(rnd() * 12)] + expression.slice(at + 1);
}

// What the compiled resolvers send (Query.getRide and the auth filter of listRides, recorded from the engine).
const AUTH_FILTER =
  '(#owner = :or_0_owner_eq OR #owner = :or_1_owner_eq OR #owner = :or_2_owner_eq OR contains(#passengers, :or_3_passengers_contains) OR contains(#passengers, :or_4_passengers_contains) OR contains(#passengers, :or_5_passengers_contains))';
const authValues = (user: string) => ({
  ':id': { S: `ride-${user}` },
  ':or_0_owner_eq': { S: `sub-${user}::${user}` },
  ':or_1_owner_eq': { S: `sub-${user}` },
  ':or_2_owner_eq': { S: user },
  ':or_3_passengers_contains': { S: `sub-${user}::${user}` },
  ':or_4_passengers_contains': { S: `sub-${user}` },
  ':or_5_passengers_contains': { S: user },
});

/** Parses `expression` through the cache and fresh, for each values variant in turn, and compares. */
function checkAgainst(fresh: Parse, cached: Parse, expression: string, names: Record<string, string> | undefined, variants: Array<Record<string, unknown> | undefined>): void {
  for (const [i, values] of variants.entries()) {
    const expected = outcome(fresh, expression, contextFor(names, values));
    const actual = outcome(cached, expression, contextFor(names, values));
    expectSameOutcome(actual, expected, new Set(Object.values(values ?? {})), `${JSON.stringify(expression)} (values ${i})`);
  }
}

describe('the parsed-expression cache', () => {
  it("answers the resolvers' key condition and auth filter as dynalite does, with each request's own values", () => {
    const cache = createParseCache(linear, { readsValues: true });
    const names = { '#owner': 'owner', '#passengers': 'passengers' };
    for (const user of ['alice', 'bob', 'carol']) {
      // One request: the key condition, then the filter, on one context (as validateExpressions does).
      const expectedContext = contextFor(names, authValues(user));
      const actualContext = contextFor(names, authValues(user));
      // The same value objects in both, so that the tree can be checked to hold them.
      actualContext.attrVals = expectedContext.attrVals;
      for (const expression of ['id = :id', AUTH_FILTER]) {
        expectSameOutcome(outcome(cache.parse, expression, actualContext), outcome(original, expression, expectedContext), new Set(Object.values(expectedContext.attrVals!)), expression);
      }
      expect(Object.keys(actualContext.unusedAttrVals!)).toEqual([]);
    }
    expect(cache.stats()).toMatchObject({ entries: 2, misses: 2, hits: 4, bypassed: 0 });
  });

  it('answers generated expressions, valid and invalid, exactly as the original parser and the linear one do', () => {
    const rnd = random(14);
    const condition = createParseCache(linear, { readsValues: true });
    let errors = 0;
    for (let i = 0; i < 1000; i++) {
      let expression = generate(rnd, Math.floor(rnd() * 3));
      if (rnd() < 0.3) expression = mangle(rnd, expression);
      const names = rnd() < 0.1 ? undefined : NAMES;
      const variants = rnd() < 0.05 ? [undefined, undefined] : [valuesOf(i), valuesOf(i + 1)];
      checkAgainst(original, condition.parse, expression, names, variants);
      checkAgainst(linear, condition.parse, expression, names, variants);
      const first = outcome(original, expression, contextFor(names, variants[0]));
      if ('thrown' in first || typeof first.value === 'string') errors++;
    }
    const stats = condition.stats();
    // The run covered hits, misses, syntax errors and the BETWEEN pass-through.
    expect(stats.hits).toBeGreaterThan(1500);
    expect(stats.misses).toBeGreaterThan(300);
    expect(stats.bypassed).toBeGreaterThan(50);
    expect(errors).toBeGreaterThan(100);
  });

  it('answers projection expressions as dynalite does', () => {
    const rnd = random(7);
    const projection = createParseCache(projectionLinear, { readsValues: false });
    const paths = ['#o', '#p', 'name', 'a.b', '#a[0]', '#missing', 'x[1].#s', '#e', 'owner', 'a', 'a', ''];
    for (let i = 0; i < 500; i++) {
      let expression = Array.from({ length: 1 + Math.floor(rnd() * 4) }, () => paths[Math.floor(rnd() * paths.length)]).join(', ');
      if (rnd() < 0.2) expression = mangle(rnd, expression);
      checkAgainst(projectionOriginal, projection.parse, expression, rnd() < 0.1 ? undefined : NAMES, [valuesOf(i), valuesOf(i + 1)]);
    }
    expect(projection.stats().hits).toBeGreaterThan(300);
  });

  it('does not take values of another type for the same expression', () => {
    const cache = createParseCache(linear, { readsValues: true });
    const expression = 'begins_with(#a, :v)';
    for (const value of [{ S: 'x' }, { N: '1' }, { B: 'AAEC' }, { SS: ['x'] }, { S: 'y' }]) {
      checkAgainst(original, cache.parse, expression, NAMES, [{ ':v': value }]);
    }
    expect(cache.stats()).toMatchObject({ entries: 4, hits: 1 });
  });

  it('passes through what it cannot key on: BETWEEN, attribute_type, values that are not attribute values', () => {
    const cache = createParseCache(linear, { readsValues: true });
    checkAgainst(original, cache.parse, '#a BETWEEN :n AND :s', NAMES, [valuesOf(1), valuesOf(2)]);
    checkAgainst(original, cache.parse, 'attribute_type(#a, :s)', NAMES, [{ ':s': { S: 'N' } }, { ':s': { S: 'XX' } }]);
    checkAgainst(original, cache.parse, '#a = :v', NAMES, [{ ':v': { S: 'x', attrType: 'N' } }, { ':v': 'text' }]);
    expect(cache.stats()).toMatchObject({ entries: 0, bypassed: 6 });
  });

  it('stays within its bounds under a flood of distinct expressions, and keeps no long one', () => {
    const limits = { entries: 50, chars: 3_000, maxKeyChars: 400 };
    const cache = createParseCache(linear, { readsValues: true, limits });
    for (let i = 0; i < 2000; i++) {
      cache.parse(`#a = :s OR #o = :n${i % 7 === 0 ? '' : ' AND attribute_exists(#p)'}${' '.repeat(i % 40)}`, { context: contextFor(NAMES, valuesOf(i)) });
      const stats = cache.stats();
      expect(stats.entries).toBeLessThanOrEqual(limits.entries);
      expect(stats.chars).toBeLessThanOrEqual(limits.chars);
    }
    const long = `#a = :s${' AND #a = :s'.repeat(100)}`;
    checkAgainst(original, cache.parse, long, NAMES, [valuesOf(1), valuesOf(2)]);
    expect(cache.stats().bypassed).toBe(2);
  });

  it('keeps the most recently used expression through the flood', () => {
    const cache = createParseCache(linear, { readsValues: true, limits: { entries: 10, chars: 100_000, maxKeyChars: 1_000 } });
    const parse = (expression: string) => cache.parse(expression, { context: contextFor(NAMES, valuesOf(1)) });
    for (let i = 0; i < 100; i++) {
      parse(AUTH_FILTER.replaceAll('#owner', '#o').replaceAll('#passengers', '#p').replace(/:or_\d_\w+/g, ':s'));
      parse(`#a = :s${' '.repeat(i)}`);
    }
    expect(cache.stats().hits).toBe(99);
  });
});
