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
import { createVelocityInfo, createVelocityUtil, velocityValues, type JavaMapLike } from './simulator-internals.js';

const { JavaMap, createMapProxy, JavaArray, JavaString, JavaInteger, JavaDecimal } = velocityValues;

/** What the engine passes as the GraphQL context of a request. */
export interface RequestContext {
  requestAuthorizationMode: string;
  headers: Record<string, string | string[] | undefined>;
  identity: CognitoIdentity;
}

export interface RenderValues {
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
const perField = new WeakMap<GraphQLInfo, unknown>();

export function renderContext(values: RenderValues, request: RequestContext, info: GraphQLInfo | undefined) {
  let shared = perRequest.get(request);
  if (!shared) {
    shared = { util: requestUtil(request), identity: toVelocity(request.identity) };
    perRequest.set(request, shared);
  }
  const util = Object.create(shared.util) as Record<string, unknown>;
  util.errors = [];
  util.info = info;

  let velocityInfo: unknown = undefined;
  if (info) {
    velocityInfo = perField.get(info);
    if (velocityInfo === undefined) {
      velocityInfo = toVelocity(createVelocityInfo(info));
      perField.set(info, velocityInfo);
    }
  }
  const args = toVelocity(values.arguments);
  const error = values.error;
  const ctx: Record<string, unknown> = {
    arguments: args,
    args,
    info: velocityInfo,
    request: { headers: request.headers },
    identity: shared.identity,
    stash: toVelocity(values.stash ?? {}),
    source: toVelocity(values.source),
    result: toVelocity(values.result),
    error: error
      ? { ...error, type: error.type ?? error.extensions?.errorType ?? 'UnknownErrorType', message: error.message ?? `Error: ${String(error)}` }
      : error,
  };
  if (values.prevResult !== undefined) ctx.prev = toVelocity({ result: values.prevResult });
  return { util, utils: util, context: ctx, ctx };
}

/** `$util` for one request; `$util.unauthorized()` says what AppSync says. */
function requestUtil(request: RequestContext): Record<string, unknown> {
  const util = createVelocityUtil([], new Date(), undefined, request);
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
    const items = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) items[i] = toVelocity(value[i]);
    return new JavaArray(items, toVelocity);
  }
  if (value !== null && typeof value === 'object') {
    const prototype = Object.getPrototypeOf(value) as unknown;
    if (prototype === Object.prototype || prototype === null) {
      const entries: Record<string, unknown> = {};
      for (const key of Object.keys(value)) entries[key] = toVelocity((value as Record<string, unknown>)[key]);
      return createMapProxy(new JavaMap(entries, toVelocity) as JavaMapLike);
    }
    return value;
  }
  if (typeof value === 'string') return new JavaString(value);
  if (typeof value === 'number') return Math.trunc(value) === value ? new JavaInteger(value) : new JavaDecimal(value);
  return value;
}
