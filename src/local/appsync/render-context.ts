// The VTL context of one template render, `$ctx` and `$util`, as AppSync defines them. The values
// are the simulator's own kinds (its Java-like maps, lists, strings, numbers; its `$util`), but
// built with less work than the simulator does on every render:
// - `$util` is made once per request; each render gets a child object holding only its own error
//   list and GraphQL info (the simulator copies some 60 functions into a new object per render);
// - `$ctx.identity` is converted once per request, and `$ctx.info` once per resolved field;
// - JavaScript objects are converted in one pass (the simulator's converter copies an object once
//   per property, quadratic in its size).
// A list object of a 100-item page renders the per-item `owner` field resolver about 400 times, so
// this is most of the difference in latency.
import type { CognitoIdentity } from './identity.js';
import { isPlainObject, NOT_PLAIN, plainCopy } from './plain-copy.js';
import { createVelocityInfo, createVelocityUtil, velocityValues, type JavaMapLike } from './simulator-internals.js';

const { JavaMap, createMapProxy, JavaArray, JavaString, JavaInteger, JavaDecimal } = velocityValues;

/** What the engine passes as the GraphQL context of a request. */
export interface RequestContext {
  requestAuthorizationMode: string;
  headers: Record<string, string | string[] | undefined>;
  identity: CognitoIdentity;
}

/** Where a compiled render puts the properties of `$ctx` its template can reach (renderContext). */
export const CONTEXT_READS = Symbol('$ctx properties the template reaches');

export interface RenderValues {
  [CONTEXT_READS]?: ReadonlySet<string>;
  source?: unknown;
  arguments?: unknown;
  result?: unknown;
  stash?: Record<string, unknown>;
  prevResult?: unknown;
  error?: { type?: string; message?: string; extensions?: { errorType?: string } } & Record<string, unknown>;
}

export interface GraphQLInfo {
  fieldName: string;
  parentType: { name: string };
}

interface PerRequest {
  util: Record<string, unknown>;
  identity: unknown;
}

const perRequest = new WeakMap<RequestContext, PerRequest>();

/**
 * The values a render generates (`$util.autoId()`, `$util.time.nowISO8601()`), when they are to be
 * recorded or replayed (render-recorder.ts): each is asked for the value, given the real generator.
 */
export interface GeneratedValues {
  autoId(generate: () => string): string;
  nowISO8601(generate: () => string): string;
}

let generatedValues: GeneratedValues | undefined;

/** Runs a (synchronous) render with its generated values taken from `values`. */
export function withGeneratedValues<T>(values: GeneratedValues, run: () => T): T {
  const previous = generatedValues;
  generatedValues = values;
  try {
    return run();
  } finally {
    generatedValues = previous;
  }
}
const perField = new WeakMap<GraphQLInfo, unknown>();

/**
 * `$ctx` and `$util` of one render. `values[CONTEXT_READS]`: the properties of `$ctx` the template
 * can reach (a compiled render passes them, vtl/emit.ts); the others are left unconverted
 * (undefined), and inputAfterRender answers the stash and arguments the template did not reach
 * without converting them. Absent (the interpreter): all of them.
 */
export function renderContext(values: RenderValues, request: RequestContext, info: GraphQLInfo | undefined) {
  const reads = values[CONTEXT_READS];
  let shared = perRequest.get(request);
  if (!shared) {
    // `$util` of the request: the functions are the authorization mode's (made once), `now` its own.
    const util = Object.create(modeUtil(request.requestAuthorizationMode)) as Record<string, unknown>;
    util.now = new Date();
    shared = { util, identity: toVelocity(request.identity) };
    perRequest.set(request, shared);
  }
  const util = Object.create(shared.util) as Record<string, unknown>;
  util.errors = [];
  util.info = info;
  if (generatedValues) {
    const generated = generatedValues;
    const autoId = shared.util.autoId as () => string;
    const time = shared.util.time as Record<string, unknown> & { nowISO8601(): string };
    util.autoId = () => generated.autoId(() => autoId());
    util.time = { ...time, nowISO8601: () => generated.nowISO8601(() => time.nowISO8601()) };
  }

  let velocityInfo: unknown = undefined;
  if (info) {
    velocityInfo = perField.get(info);
    if (velocityInfo === undefined) {
      velocityInfo = toVelocity(createVelocityInfo(info));
      perField.set(info, velocityInfo);
    }
  }
  // Only what the template can read is converted (a compiled template says what: `reads`).
  const converts = (name: string) => reads === undefined || reads.has(name);
  const args = converts('args') || converts('arguments') ? toVelocity(values.arguments) : undefined;
  const error = values.error;
  const ctx: Record<string, unknown> = {
    arguments: args,
    args,
    info: velocityInfo,
    request: { headers: request.headers },
    identity: shared.identity,
    stash: converts('stash') ? toVelocity(values.stash ?? {}) : undefined,
    source: converts('source') ? toVelocity(values.source) : undefined,
    result: converts('result') ? toVelocity(values.result) : undefined,
    error: error
      ? { ...error, type: error.type ?? error.extensions?.errorType ?? 'UnknownErrorType', message: error.message ?? `Error: ${String(error)}` }
      : error,
  };
  if (values.prevResult !== undefined) ctx.prev = converts('prev') ? toVelocity({ result: values.prevResult }) : undefined;
  return { util, utils: util, context: ctx, ctx };
}

// The simulator's `$util` depends on the request only through its authorization mode
// (`authType()`) and the time it was made (`now`); its functions are made once per mode here, and
// each request gets an object of its own below them with its `now` (the simulator copied some 60
// functions into a new object per request).
const utilByMode = new Map<string, Record<string, unknown>>();
function modeUtil(mode: string): Record<string, unknown> {
  let util = utilByMode.get(mode);
  if (!util) utilByMode.set(mode, (util = requestUtil({ requestAuthorizationMode: mode })));
  return util;
}

/**
 * `$util` for one request, with AppSync's behaviour where the simulator's differs:
 * - `unauthorized()` says what AppSync says;
 * - `defaultIfNull(value, default)` returns a null default as null (the simulator's JavaScript
 *   default parameter turns it into "", so the transformer's `@hasOne` resolver, which takes its key
 *   from `defaultIfNull(<stash>, $ctx.source.unicornId)`, queries DynamoDB with an empty key instead
 *   of returning null for a ride without a unicorn);
 * - `isNullOrEmpty`/`isNullOrBlank` and `defaultIfNullOrEmpty`/`defaultIfNullOrBlank` look at the
 *   text of strings (the simulator answers `!!value` for plain strings, and ignores blank ones);
 * - `transform.toDynamoDBConditionExpression` returns the expression's values (the simulator drops
 *   them, so a mutation's `condition` with a value fails in DynamoDB), and neither it nor
 *   `toDynamoDBFilterExpression` returns values or names the expression does not use (the
 *   simulator adds one for `attributeExists`, which DynamoDB refuses).
 */
function requestUtil(request: Pick<RequestContext, 'requestAuthorizationMode'>): Record<string, unknown> {
  const util = createVelocityUtil([], new Date(), undefined, request);
  const isEmpty = (value: unknown, blank: boolean): boolean => {
    if (value === null || value === undefined) return true;
    const text = typeof value === 'string' ? value : value instanceof JavaString ? String((value as { toJSON(): string }).toJSON()) : undefined;
    if (text !== undefined) return (blank ? text.trim() : text).length === 0;
    if (value instanceof JavaMap || value instanceof JavaArray) {
      const json = (value as unknown as { toJSON(): unknown }).toJSON();
      return Array.isArray(json) ? json.length === 0 : Object.keys(json as object).length === 0;
    }
    if (Array.isArray(value)) return value.length === 0;
    if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) return Object.keys(value).length === 0;
    return false;
  };
  util.isNullOrEmpty = (value: unknown) => isEmpty(value, false);
  util.isNullOrBlank = (value: unknown) => isEmpty(value, true);
  util.defaultIfNull = (value: unknown, fallback: unknown) => (value === null || value === undefined ? (fallback ?? null) : value);
  util.defaultIfNullOrEmpty = (value: unknown, fallback: unknown) => (isEmpty(value, false) ? (fallback ?? null) : value);
  util.defaultIfNullOrBlank = (value: unknown, fallback: unknown) => (isEmpty(value, true) ? (fallback ?? null) : value);
  const transform = util.transform as { toDynamoDBFilterExpression(input: unknown): string } & Record<string, unknown>;
  util.transform = {
    ...transform,
    toDynamoDBFilterExpression: (input: unknown) => usedOnly(transform.toDynamoDBFilterExpression(input)),
    toDynamoDBConditionExpression: (input: unknown) => usedOnly(transform.toDynamoDBFilterExpression(input)),
  };
  const unauthorized = util.unauthorized as (this: unknown) => never;
  util.unauthorized = function (this: { info?: GraphQLInfo }) {
    try {
      return unauthorized.call(this);
    } catch (error) {
      const e = error as Error & { extensions?: Record<string, unknown> };
      if (this.info) {
        e.message = `Not Authorized to access ${this.info.fieldName} on type ${this.info.parentType.name}`;
        if (e.extensions) Object.assign(e.extensions, { message: e.message, data: null, errorInfo: null });
      }
      throw e;
    }
  };
  return util;
}

/** A JavaScript value as the VTL runtime's value, with the same kinds the simulator's converter makes. */
export function toVelocity(value: unknown): unknown {
  if (value instanceof JavaMap || value instanceof JavaArray) return value;
  if (Array.isArray(value)) {
    const list = new Array<unknown>(value.length) as unknown[] & { mapper: unknown };
    for (let i = 0; i < value.length; i++) list[i] = toVelocity(value[i]);
    Object.setPrototypeOf(list, velocityListPrototype);
    list.mapper = toVelocity;
    return list;
  }
  if (value !== null && typeof value === 'object') {
    const prototype = Object.getPrototypeOf(value) as unknown;
    if (prototype === Object.prototype || prototype === null) {
      const keys = Object.keys(value);
      let map: JavaMapLike;
      if (keys.includes('__proto__')) {
        // Made as before, through an entries object: assigning `__proto__` to it changes its
        // prototype, so that entry, and with a map there the entries after it, are not the map's.
        const entries: Record<string, unknown> = {};
        for (const key of keys) entries[key] = toVelocity((value as Record<string, unknown>)[key]);
        map = new JavaMap(entries, toVelocity);
      } else {
        map = new JavaMap(NO_ENTRIES, toVelocity);
        for (const key of keys) map.map.set(key, toVelocity((value as Record<string, unknown>)[key]));
      }
      Object.setPrototypeOf(map, velocityMapPrototype);
      return createMapProxy(map);
    }
    return value;
  }
  if (typeof value === 'string') {
    // As `new JavaString(value)` makes it (its constructor only sets `value`), below a shared prototype.
    const text = Object.create(velocityStringPrototype) as { value: string };
    text.value = value;
    return text;
  }
  if (typeof value === 'number') return Math.trunc(value) === value ? new JavaInteger(value) : new JavaDecimal(value);
  return value;
}

// The simulator's JavaArray and JavaMap, made and read back with less work; each answers what the
// simulator's class answers (same own properties, same prototype methods, instanceof both):
// - a JavaArray sets a new prototype object on each instance (Object.setPrototypeOf in its
//   constructor), which is slow to make and leaves every list with a shape of its own; these lists
//   share one prototype below JavaArray's, as these maps share one below JavaMap's (a subclass
//   measured slower than the shared prototype);
// - JavaMap.toJSON builds its answer with one object spread per entry (quadratic in the entries), and
//   JavaArray.toJSON copies the list twice; these do it in one pass. A map with an entry the plain
//   copy cannot hold as the spread did (`__proto__`, a key that is not a string) answers with
//   JavaMap's own toJSON.
const NO_ENTRIES = {};
const javaMapToJSON = (JavaMap.prototype as unknown as { toJSON(this: JavaMapLike): unknown }).toJSON;
const velocityMapPrototype = Object.create(JavaMap.prototype as object) as { toJSON(this: JavaMapLike): unknown };
velocityMapPrototype.toJSON = function (this: JavaMapLike) {
  // Through the map's proxy, `this.map` is the entry "map" when the map has one.
  const entries = this.map as unknown;
  if (!(entries instanceof Map)) return javaMapToJSON.call(this);
  const out: Record<string, unknown> = {};
  for (const [key, value] of entries as Map<unknown, unknown>) {
    if (typeof key !== 'string' || key === '__proto__') return javaMapToJSON.call(this);
    out[key] = jsonOf(value);
  }
  return out;
};
const velocityListPrototype = Object.create(JavaArray.prototype as object) as { toJSON(this: unknown[]): unknown[] };
velocityListPrototype.toJSON = function (this: unknown[]) {
  const out = new Array<unknown>(this.length);
  for (let i = 0; i < this.length; i++) out[i] = jsonOf(this[i]);
  return out;
};

// JavaString.split answers a JavaArray of plain strings (the transformer's owner field resolvers
// split every item's owner): the same list, made as the lists above.
const velocityStringPrototype = Object.create(JavaString.prototype as object) as { split(this: { value: string }, separator: { toString(): string }, limit?: number): unknown };
const stringMapper = (e: { toString(): string }) => new JavaString(e.toString());
velocityStringPrototype.split = function (this: { value: string }, separator: { toString(): string }, limit: number | undefined = undefined) {
  // Capture groups of the separator come back among the parts; the simulator drops them so.
  const groups = ''.match(new RegExp(`${separator.toString()}|`))!.length;
  const parts = this.value.split(new RegExp(separator.toString()), limit).filter((_part, i) => !(i % groups)) as unknown[] & { mapper: unknown };
  Object.setPrototypeOf(parts, velocityListPrototype);
  parts.mapper = stringMapper;
  return parts;
};

/** What the simulator's toJSON (value-mapper/to-json.js) answers for a VTL value. */
function jsonOf(value: unknown): unknown {
  if (typeof value === 'object' && value !== null && 'toJSON' in value) return (value as { toJSON(): unknown }).toJSON();
  return value;
}

/**
 * The stash or arguments after a render, as the next template gets them: `$ctx.<name>.toJSON()`,
 * or, when the template could not reach them, what converting the input and reading it back
 * gives (plain-copy.ts; by converting when the input is not plain).
 */
export function inputAfterRender(rendered: { ctx: Record<string, unknown> }, reads: ReadonlySet<string> | undefined, name: 'stash' | 'args', values: RenderValues): unknown {
  let context = rendered as unknown as RenderedInputs;
  const reached = reads === undefined || reads.has(name) || (name === 'args' && reads.has('arguments'));
  if (!reached) {
    const input = name === 'stash' ? (values.stash ?? {}) : values.arguments;
    if (isPlainObject(input)) {
      const copied = plainCopy(input);
      if (copied !== NOT_PLAIN) return copied;
    }
    context = { ctx: { [name]: toVelocity(input) } } as unknown as RenderedInputs;
  }
  // Written as the simulator's render writes it: a failure's message quotes the expression.
  return name === 'stash' ? context.ctx.stash.toJSON() : context.ctx.args.toJSON();
}

interface RenderedInputs {
  ctx: { stash: { toJSON(): unknown }; args: { toJSON(): unknown } };
}

/** A DynamoDB expression (JSON text) without the names and values its expression does not use. */
function usedOnly(json: string): string {
  const parsed = JSON.parse(json) as { expression: string; expressionNames?: Record<string, string>; expressionValues?: Record<string, unknown> };
  const used = (placeholder: string) => new RegExp(`${placeholder.replace(/[$()*+.?[\\\]^{|}]/g, '\\$&')}(?![A-Za-z0-9_])`).test(parsed.expression);
  const keep = <T>(entries: Record<string, T> | undefined) =>
    entries && Object.fromEntries(Object.entries(entries).filter(([placeholder]) => used(placeholder)));
  return JSON.stringify({ ...parsed, expressionNames: keep(parsed.expressionNames), expressionValues: keep(parsed.expressionValues) });
}
