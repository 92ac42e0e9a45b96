// What a compiled render converts of its inputs and what it gives back, against the interpreter:
// the VTL values made by render-context.ts (shared prototypes, one-pass toJSON) against the
// simulator's classes as they were made before; which parts of `$ctx` a template reaches (emit.ts);
// inputs a template does not reach given back as the conversion would have; and the answers kept
// per input for pure templates (pure-templates.ts).
import { describe, expect, it } from 'vitest';
import type { RenderResult } from '../../src/local/appsync/constant-templates.js';
import { createGraphQLEngine } from '../../src/local/appsync/graphql-engine.js';
import { cognitoIdentity } from '../../src/local/appsync/identity.js';
import { toVelocity } from '../../src/local/appsync/render-context.js';
import { renderOutcome } from '../../src/local/appsync/render-recorder.js';
import { velocityValues, type JavaMapLike } from '../../src/local/appsync/simulator-internals.js';
import { compileVtl, isPureTemplate } from '../../src/local/appsync/vtl/compile.js';

const { JavaMap, createMapProxy, JavaArray, JavaString, JavaInteger, JavaDecimal } = velocityValues;

/** The conversion as it was made with the simulator's constructors (the reference). */
function simulatorKinds(value: unknown): unknown {
  if (Array.isArray(value)) return new JavaArray(value.map(simulatorKinds), simulatorKinds);
  if (value !== null && typeof value === 'object') {
    const prototype = Object.getPrototypeOf(value) as unknown;
    if (prototype !== Object.prototype && prototype !== null) return value;
    const entries: Record<string, unknown> = {};
    for (const key of Object.keys(value)) entries[key] = simulatorKinds((value as Record<string, unknown>)[key]);
    return createMapProxy(new JavaMap(entries, simulatorKinds) as JavaMapLike);
  }
  if (typeof value === 'string') return new JavaString(value);
  if (typeof value === 'number') return Math.trunc(value) === value ? new JavaInteger(value) : new JavaDecimal(value);
  return value;
}

function attempt(run: () => unknown): string {
  try {
    return JSON.stringify({ value: run() });
  } catch (error) {
    return `throws ${(error as Error).name}: ${(error as Error).message}`;
  }
}

const VALUES: unknown[] = [
  { id: 'r1', n: 3, d: 1.5, z: -0, t: true, none: null, gone: undefined, list: [1, 'x', [], [{ a: [2] }]], nested: { deeper: { s: '' } } },
  [],
  ['only'],
  [{ k: 'v' }, 2],
  Object.assign(Object.create(null) as object, { a: 1 }),
  { at: new Date('2026-01-01T00:00:00Z') },
  JSON.parse('{"__proto__": {"x": 1}, "y": 2}'),
  { toJSON: 'x' },
  { map: 'x' },
  { inner: { map: { a: 1 } } },
  { mapper: 1, get: 'g', size: 's' },
];

describe('VTL values made by render-context.ts answer as the simulator-made ones', () => {
  it.each(VALUES.map((value, i) => [i, value]))('value %i', (_i, value) => {
    const ours = toVelocity(value) as Record<string, (...args: unknown[]) => unknown>;
    const theirs = simulatorKinds(value) as Record<string, (...args: unknown[]) => unknown>;
    const read = (v: Record<string, (...args: unknown[]) => unknown>) => attempt(() => v.toJSON!());
    expect(read(ours)).toBe(read(theirs));
    expect(attempt(() => JSON.stringify(ours))).toBe(attempt(() => JSON.stringify(theirs)));
    expect(ours instanceof JavaMap).toBe(theirs instanceof JavaMap);
    expect(ours instanceof JavaArray).toBe(theirs instanceof JavaArray);
    expect(Object.keys(ours)).toEqual(Object.keys(theirs));
    for (const method of ['size', 'isEmpty', 'keySet', 'entrySet', 'values']) {
      expect(attempt(() => (typeof ours[method] === 'function' ? ours[method]!() : ours[method])), method).toBe(
        attempt(() => (typeof theirs[method] === 'function' ? theirs[method]!() : theirs[method])),
      );
    }
    // Changed as a template changes them, they still answer alike.
    const change = (v: unknown) =>
      attempt(() => {
        if (v instanceof JavaArray) (v as unknown as { add(x: unknown): void }).add({ added: [1] });
        else if (v instanceof JavaMap) (v as unknown as { put(k: string, x: unknown): void }).put('added', { list: [1.25] });
      });
    expect(change(ours)).toBe(change(theirs));
    expect(read(ours)).toBe(read(theirs));
  });
});

describe('VTL strings made by render-context.ts answer as the simulator-made ones', () => {
  it.each([
    ['sub::alice', '::'],
    ['a,b,,c', ','],
    ['x1y22z', '([0-9]+)'],
    ['no separator', '::'],
    ['', ','],
    ['bad', '('],
  ])('%s split by %s', (text, separator) => {
    const ours = toVelocity(text) as { split(s: unknown, l?: number): { toJSON(): unknown; add(x: unknown): unknown; size(): unknown } };
    const theirs = new JavaString(text) as unknown as typeof ours;
    const outcome = (v: typeof ours, by: unknown, limit?: number) =>
      attempt(() => {
        const parts = v.split(by, limit);
        parts.add('more');
        return [Array.isArray(parts), parts instanceof JavaArray, parts.size(), parts.toJSON(), JSON.stringify(parts), Object.keys(parts)];
      });
    for (const by of [separator, new JavaString(separator)]) {
      expect(outcome(ours, by)).toBe(outcome(theirs, by));
      expect(outcome(ours, by, 1)).toBe(outcome(theirs, by, 1));
    }
    expect(Object.keys(ours)).toEqual(Object.keys(theirs));
    expect(ours instanceof JavaString).toBe(true);
  });
});

describe('which parts of $ctx a template reaches', () => {
  const reads = (text: string) => {
    const r = compileVtl(text).contextReads;
    return r ? [...r].sort() : 'all';
  };
  it('names each property read or replaced through $ctx or $context', () => {
    expect(reads('$util.toJson({})')).toEqual([]);
    expect(reads('$ctx.stash.put("a", 1) $context.source.id $ctx["result"] #set($ctx.args.x = 1)')).toEqual(['args', 'result', 'source', 'stash']);
    expect(reads('#set($ctx.prev = 1)"$ctx.identity.sub"')).toEqual(['identity', 'prev']);
  });
  it('is every property when the template can reach $ctx itself', () => {
    for (const text of ['$ctx', '$ctx.keySet()', '$util.toJson($context)', '$ctx[$name]', '$ctx.get("stash")', '#set($ctx = {})', '#set($x = $ctx)$x.stash', '$ctx["$n"]']) {
      expect(reads(text), text).toBe('all');
    }
  });
  it('is pure only for stash and arguments, pure $util functions, its own variables and no loop', () => {
    expect(isPureTemplate('$util.qr($ctx.stash.put("a", 1))#set($x = $ctx.args.id)$util.toJson($x)')).toBe(true);
    for (const text of ['$ctx.source.id', '$util.autoId()', '$util.time.nowISO8601()', '$util.error("x")', '$extensions', '#foreach($i in [1])$i#end', '$foreach.count', '$util', '$ctx.identity.sub']) {
      expect(isPureTemplate(text), text).toBe(false);
    }
  });
});

const TEMPLATES: Record<string, string> = {
  nothing: '{}',
  stashOnly: '$util.qr($ctx.stash.put("seen", true))$util.toJson({})',
  argsOnly: "$util.qr($ctx.args.put(\"seen\", true))\n{}",
  argumentsAlias: '$util.qr($ctx.arguments.put("seen", true))$util.toJson($ctx.args)',
  sourceOnly: '$util.toJson($ctx.source)',
  prevOnly: '$util.toJson($ctx.prev.result)',
  pure: '$util.qr($ctx.stash.put("typeName", "Ride"))$util.qr($ctx.stash.put("metadata", {}))$util.qr($ctx.stash.metadata.put("n", $ctx.args.n))$util.toJson({"n": $ctx.args.n})',
  pureFailing: "#if($ctx.args.fail) $util.error(\"failed\") #end $util.qr($ctx.stash.put(\"k\", [1]))\n{}",
};

const INPUTS: Array<Record<string, unknown>> = [
  { arguments: { n: 1 }, stash: { pre: { list: [1, 'x'] } }, source: { id: 's1', owner: 'a::b' }, prevResult: 'prev' },
  { arguments: { n: 1 }, stash: { pre: { list: [1, 'x'] } } },
  { arguments: { n: 2, fail: true } },
  { arguments: { toJSON: 'x' } },
  { arguments: { map: 1 }, stash: { map: { a: 1 } } },
  { arguments: JSON.parse('{"__proto__": {"x": 1}, "n": 3}') as unknown },
  { arguments: {}, stash: { at: new Date('2026-01-01T00:00:00Z'), z: -0 } },
  { arguments: undefined },
  { arguments: { n: 1 }, stash: undefined },
];

function build(vtl: 'compiled' | 'interpreted') {
  const engine = createGraphQLEngine(
    { apiId: 'inputs', schema: 'type Query { nothing: String }', templates: new Map(Object.entries(TEMPLATES)), tables: [], dataSources: [{ name: 'NONE_DS', type: 'NONE' }], functions: [], resolvers: [] },
    { endpoint: 'http://127.0.0.1:9', region: 'us-east-1' },
    { vtl, recordRenders: false },
  );
  return (engine.simulator as unknown as { mappingTemplates: Map<string, { render(...args: unknown[]): RenderResult }> }).mappingTemplates;
}

const claims = { sub: 'sub-1', username: 'alice', iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_x', token_use: 'access' };
const request = () => ({ jwt: claims, requestAuthorizationMode: 'AMAZON_COGNITO_USER_POOLS', sourceIp: '127.0.0.1', headers: {}, appsyncErrors: [], identity: cognitoIdentity(claims, '127.0.0.1') });

function outcome(render: () => RenderResult): string {
  try {
    return JSON.stringify(renderOutcome({ result: render() }));
  } catch (error) {
    return JSON.stringify(renderOutcome({ thrown: error }));
  }
}

describe('a compiled render gives back what it did not reach as the interpreter does', () => {
  const interpreted = build('interpreted');
  const compiled = build('compiled');
  for (const name of Object.keys(TEMPLATES)) {
    it(name, () => {
      // Three times: the first render of a pure template is kept, the later ones answered from it.
      for (const input of [...INPUTS, ...INPUTS, ...INPUTS]) {
        const expected = outcome(() => interpreted.get(name)!.render(structuredClone(input), request(), undefined));
        expect(outcome(() => compiled.get(name)!.render(structuredClone(input), request(), undefined)), JSON.stringify(input)).toBe(expected);
      }
    });
  }

  it('answers a kept input with new values each time, unchanged by what the caller did to the last ones', () => {
    const template = compiled.get('pure')!;
    const first = template.render({ arguments: { n: 5 }, stash: {} }, request(), undefined);
    (first.stash as { metadata: Record<string, unknown> }).metadata.n = 'changed';
    (first.result as Record<string, unknown>).n = 'changed';
    const second = template.render({ arguments: { n: 5 }, stash: {} }, request(), undefined);
    expect(second.stash).toEqual({ typeName: 'Ride', metadata: { n: 5 } });
    expect(second.result).toEqual({ n: 5 });
    expect(second.stash).not.toBe(first.stash);
  });
});
