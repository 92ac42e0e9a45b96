// Templates whose answer depends on nothing but the stash and arguments they are given (vtl/emit.ts
// decides it from the template: `pure`), such as the request template of every field pipeline,
// which puts the same constants into a fresh stash for each item of a list page. The engine keeps
// the answer of such a render per distinct input, and answers a later render of the same input
// from it without rendering.
//
// The answer stays exact: the output is kept as its JSON text and parsed again, the stash and
// arguments are kept as plain values and copied (as each render makes new ones); a render with
// errors, a #return or a failure is not kept. An input is only a key when it is plain JSON (plain
// objects and arrays, strings, finite numbers other than -0, booleans, null; no key that the VTL
// map treats specially): then equal JSON text means equal input. Per template at most
// MAX_INPUTS inputs of at most MAX_KEY_LENGTH characters are kept; others just render.
import type { Render, RenderResult } from './constant-templates.js';
import { NOT_PLAIN, plainCopy } from './plain-copy.js';

export const MAX_INPUTS = 32;
export const MAX_KEY_LENGTH = 2048;

interface Kept {
  output: string;
  stash: unknown;
  args: unknown;
}

/** A render that keeps its plain answers per input (`path`: the template's, for the request trace). */
export function renderOncePerInput(render: Render, path: string | undefined): Render {
  const kept = new Map<string, Kept>();
  return (values, requestContext, info): RenderResult => {
    const key = inputKey(values.arguments, values.stash ?? {});
    const answer = key === undefined ? undefined : kept.get(key);
    if (answer) {
      if (path) (requestContext as { trace?: string[] }).trace?.push(path);
      return { result: JSON.parse(answer.output), stash: plainCopy(answer.stash), args: plainCopy(answer.args), errors: [], isReturn: false, hadException: false };
    }
    const rendered = render(values, requestContext, info);
    if (key !== undefined && kept.size < MAX_INPUTS && !rendered.hadException && !rendered.isReturn && rendered.errors.length === 0) {
      const stash = plainCopy(rendered.stash);
      const args = plainCopy(rendered.args);
      if (stash !== NOT_PLAIN && args !== NOT_PLAIN) kept.set(key, { output: JSON.stringify(rendered.result), stash, args });
    }
    return rendered;
  };
}

/** The JSON text of the input, when the input is plain JSON and not too long. */
function inputKey(args: unknown, stash: unknown): string | undefined {
  if (!plainJson(args, 0) || !plainJson(stash, 0)) return undefined;
  const key = JSON.stringify([args, stash]);
  return key.length <= MAX_KEY_LENGTH ? key : undefined;
}

function plainJson(value: unknown, depth: number): boolean {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return true;
  if (typeof value === 'number') return Number.isFinite(value) && !Object.is(value, -0);
  if (typeof value !== 'object' || depth > 16) return false;
  if (Array.isArray(value)) {
    if (Object.getPrototypeOf(value) !== Array.prototype) return false;
    for (let i = 0; i < value.length; i++) if (!(i in value) || !plainJson(value[i], depth + 1)) return false;
    return true;
  }
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (prototype !== Object.prototype && prototype !== null) return false;
  for (const key of Object.keys(value)) {
    if (key === '__proto__' || key === 'toJSON' || key === 'map') return false;
    if (!plainJson((value as Record<string, unknown>)[key], depth + 1)) return false;
  }
  return true;
}
