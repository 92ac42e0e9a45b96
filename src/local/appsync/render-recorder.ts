// Recordings of template renders: what a render was given (the template, `$ctx`'s values, the
// request as the render context reads it, the GraphQL info an error reads, and the values
// `$util.autoId`/`$util.time.nowISO8601` generated) and what it answered. With
// WILDRYDES_RECORD_RENDERS=<dir>, every engine appends the renders it runs to a file in <dir>
// (`npm run record:renders` runs the suites that way and keeps the result as the fixture of the
// differential test, tests/local/vtl-differential.test.ts); the replay side turns a recording back
// into a render's arguments, with the generated values given back in the same order.
import { createHash } from 'node:crypto';
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Render, RenderResult } from './constant-templates.js';
import { withGeneratedValues, type GeneratedValues } from './render-context.js';

/** Key of the subscription state in the request context of a subscription start (realtime/vtl-extensions.ts). */
const SUBSCRIPTION_STATE = Symbol.for('wildrydes.realtime.subscriptionState');

export interface RenderInput {
  /** The template's path in the API definition, and a hash of its text. */
  template: string;
  templateHash: string;
  values: Record<string, unknown>;
  request: {
    requestAuthorizationMode: unknown;
    headers: Record<string, unknown>;
    identity: unknown;
    jwt: unknown;
    sourceIp: unknown;
    /** Present for a subscription start: the render may record a filter into it. */
    subscriptionStart?: true;
  };
  info: { fieldName: string; parentTypeName: string; path: Array<string | number>; variables: unknown; location: { line: number; column: number; sourceName: string } | null } | null;
  generated: { autoId: string[]; nowISO8601: string[] };
}

export interface RenderRecording extends RenderInput {
  outcome: unknown;
}

export function templateHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/** A render's answer (or the error it threw) as JSON-safe data, for recording and comparing. */
export function renderOutcome(answer: { result: RenderResult } | { thrown: unknown }, subscriptionState?: unknown): unknown {
  if ('thrown' in answer) return { thrown: describeError(answer.thrown), subscriptionState: jsonSafe(subscriptionState) };
  const r = answer.result;
  return jsonSafe({
    result: r.result,
    stash: r.stash,
    args: r.args,
    errors: (r.errors ?? []).map(describeError),
    isReturn: r.isReturn,
    hadException: r.hadException,
    subscriptionState,
  });
}

function describeError(error: unknown): unknown {
  if (!(error instanceof Error)) return { value: jsonSafe(error) };
  const e = error as Error & Record<string, unknown>;
  return jsonSafe({
    class: e.constructor?.name,
    name: e.name,
    message: e.message,
    errorType: e.errorType,
    type: e.type,
    data: e.data,
    errorInfo: e.errorInfo,
    extensions: e.extensions,
  });
}

/** JSON's view of a value; what JSON cannot hold (a cycle, a BigInt) becomes a marker string. */
function jsonSafe(value: unknown): unknown {
  if (value === undefined) return undefined;
  try {
    return JSON.parse(JSON.stringify(value)) as unknown;
  } catch (error) {
    return `<not JSON: ${(error as Error).message}>`;
  }
}

/** An error given to a response template ($ctx.error), as renderContext reads it. */
function encodeError(error: unknown): unknown {
  if (error === null || typeof error !== 'object') return { $value: jsonSafe(error) };
  const e = error as Record<string, unknown>;
  const props: Record<string, unknown> = {};
  for (const key of Object.keys(e)) {
    const safe = jsonSafe(e[key]);
    if (typeof safe !== 'string' || !safe.startsWith('<not JSON')) props[key] = safe;
  }
  return { $error: { props, message: e.message, type: e.type, extensions: jsonSafe(e.extensions), text: String(error) } };
}

function decodeError(encoded: unknown): unknown {
  const { $value, $error } = encoded as { $value?: unknown; $error?: { props: Record<string, unknown>; message?: unknown; type?: unknown; extensions?: unknown; text: string } };
  if (!$error) return $value;
  const error: Record<string, unknown> = { ...$error.props };
  for (const key of ['message', 'type', 'extensions'] as const) {
    if (!(key in error) && $error[key] !== undefined) Object.defineProperty(error, key, { value: $error[key], enumerable: false, writable: true });
  }
  Object.defineProperty(error, 'toString', { value: () => $error.text, enumerable: false });
  return error;
}

/** Headers that change with every run (tokens, ports, sizes): recorded as a placeholder. */
const PER_RUN_HEADERS = new Set(['authorization', 'host', 'content-length', 'origin', 'referer', 'sec-websocket-key', 'x-amz-date', 'date', 'user-agent']);

function recordedHeaders(headers: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries((headers ?? {}) as Record<string, unknown>)) out[name] = PER_RUN_HEADERS.has(name) ? `<${name}>` : value;
  return out;
}

interface GraphQLInfoLike {
  fieldName: string;
  parentType: { name: string };
  path?: { key: string | number; prev?: unknown };
  variableValues?: unknown;
  fieldNodes?: Array<{ name: { value: string }; loc?: { startToken?: { line: number; column: number }; source?: { name: string } } }>;
}

function recordedInfo(info: unknown): RenderInput['info'] {
  if (!info) return null;
  const i = info as GraphQLInfoLike;
  const path: Array<string | number> = [];
  for (let p = i.path as { key: string | number; prev?: unknown } | undefined; p; p = p.prev as typeof p) path.unshift(p.key);
  const node = i.fieldNodes?.find((f) => f.name.value === i.fieldName);
  const token = node?.loc?.startToken;
  return {
    fieldName: i.fieldName,
    parentTypeName: i.parentType.name,
    path,
    variables: jsonSafe(i.variableValues) ?? {},
    location: token ? { line: token.line, column: token.column, sourceName: node!.loc!.source?.name ?? '' } : null,
  };
}

/** A render that records each call (input and outcome) with `record`. */
export function recordingRender(template: string, text: string, render: Render, record: (recording: RenderRecording) => void): Render {
  const hash = templateHash(text);
  return (values, requestContext, info) => {
    const v = values as Record<string, unknown>;
    const r = requestContext as Record<string | symbol, unknown>;
    const encodedValues: Record<string, unknown> = {};
    for (const key of ['source', 'arguments', 'result', 'stash', 'prevResult'] as const) if (v[key] !== undefined) encodedValues[key] = jsonSafe(v[key]);
    if (v.error) encodedValues.error = encodeError(v.error);
    const generated = { autoId: [] as string[], nowISO8601: [] as string[] };
    const input: RenderInput = {
      template,
      templateHash: hash,
      values: encodedValues,
      request: {
        requestAuthorizationMode: r.requestAuthorizationMode,
        headers: recordedHeaders(r.headers),
        identity: jsonSafe(r.identity),
        jwt: jsonSafe(r.jwt),
        sourceIp: r.sourceIp,
        ...(r[SUBSCRIPTION_STATE] ? { subscriptionStart: true as const } : {}),
      },
      info: recordedInfo(info),
      generated,
    };
    const recorder: GeneratedValues = {
      autoId: (generate) => {
        const value = generate();
        generated.autoId.push(value);
        return value;
      },
      nowISO8601: (generate) => {
        const value = generate();
        generated.nowISO8601.push(value);
        return value;
      },
    };
    let result: RenderResult;
    try {
      result = withGeneratedValues(recorder, () => render(values, requestContext, info));
    } catch (error) {
      record({ ...input, outcome: renderOutcome({ thrown: error }, r[SUBSCRIPTION_STATE]) });
      throw error;
    }
    record({ ...input, outcome: renderOutcome({ result }, r[SUBSCRIPTION_STATE]) });
    return result;
  };
}

/** Appends recordings to a file of its own in `dir`, each distinct recording once. */
export function recordingSink(dir: string): (recording: RenderRecording) => void {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `renders-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}.jsonl`);
  const seen = new Set<string>();
  return (recording) => {
    const line = JSON.stringify(recording);
    const key = createHash('sha256').update(line).digest('base64');
    if (seen.has(key)) return;
    seen.add(key);
    appendFileSync(file, line + '\n');
  };
}

/** The sink WILDRYDES_RECORD_RENDERS names, if any (one per process). */
let envSink: ((recording: RenderRecording) => void) | undefined;
export function recordingSinkFromEnv(): ((recording: RenderRecording) => void) | undefined {
  const dir = process.env.WILDRYDES_RECORD_RENDERS;
  if (!dir) return undefined;
  envSink ??= recordingSink(dir);
  return envSink;
}

/** A render's arguments rebuilt from its recording, and the generated values to give back. */
export function replayArguments(input: RenderInput): { values: Record<string, unknown>; requestContext: Record<string | symbol, unknown>; info: unknown; generated: GeneratedValues; subscriptionState?: { errors: unknown[] } } {
  const values: Record<string, unknown> = structuredClone({ ...input.values, error: undefined });
  delete values.error;
  if (input.values.error !== undefined) values.error = decodeError(input.values.error);
  const subscriptionState = input.request.subscriptionStart ? { errors: [] as unknown[] } : undefined;
  const requestContext: Record<string | symbol, unknown> = {
    requestAuthorizationMode: input.request.requestAuthorizationMode,
    headers: structuredClone(input.request.headers),
    identity: structuredClone(input.request.identity),
    jwt: structuredClone(input.request.jwt),
    sourceIp: input.request.sourceIp,
    appsyncErrors: [],
  };
  if (subscriptionState) requestContext[SUBSCRIPTION_STATE] = subscriptionState;
  let info: unknown = undefined;
  if (input.info) {
    const { fieldName, parentTypeName, path, variables, location } = input.info;
    let linked: unknown = undefined;
    for (const key of path) linked = { key, prev: linked };
    info = {
      fieldName,
      parentType: { name: parentTypeName },
      path: linked,
      variableValues: structuredClone(variables),
      fragments: {},
      fieldNodes: [{ kind: 'Field', name: { value: fieldName }, loc: location ? { startToken: { line: location.line, column: location.column }, source: { name: location.sourceName } } : { startToken: null } }],
    };
  }
  const autoIds = [...input.generated.autoId];
  const times = [...input.generated.nowISO8601];
  const generated: GeneratedValues = {
    autoId: (generate) => autoIds.shift() ?? generate(),
    nowISO8601: (generate) => times.shift() ?? generate(),
  };
  return { values, requestContext, info, generated, subscriptionState };
}
