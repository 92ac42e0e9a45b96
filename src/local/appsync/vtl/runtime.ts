// What a compiled template calls at run time: the state of one render and the operations of the
// simulator's VTL interpreter (amplify-velocity-template 1.4.17, as the simulator configures it)
// that are not plain JavaScript. Each function does what the interpreter's method of the same
// concept does, quirks included (the differential test holds them to it): the emitted code decides
// at compile time everything that depends on the template only, and calls these for the rest.
// This module is strict mode, as the interpreter's references.js, literal.js and blocks.js are.
import { velocityIsEqual } from '../simulator-internals.js';

/** The interpreter's state during one render. */
export interface RenderState {
  /** `$util`, `$ctx`, … and every `#set` variable. */
  context: Record<string, unknown>;
  /** Loop variables, per scope id (`foreach:<n>`). */
  local: Record<string, Record<string, unknown>>;
  /** Open scopes, innermost first; a variable is looked up in each in turn. */
  conditions: string[];
  condition: string | null;
  stop: boolean;
  brk: boolean;
  returned: boolean;
}

/**
 * The loop scopes of a template. The interpreter keeps them in its per-template compiler object,
 * and a render does not reset them: a loop left by an exception, or one over a map, stays open for
 * the template's later renders. The compiled template keeps them in the same way.
 */
export interface TemplateScopes {
  local: Record<string, Record<string, unknown>>;
  conditions: string[];
}

export function newScopes(): TemplateScopes {
  return { local: {}, conditions: [] };
}

export function newState(context: Record<string, unknown>, scopes: TemplateScopes): RenderState {
  return { context, local: scopes.local, conditions: scopes.conditions, condition: null, stop: false, brk: false, returned: false };
}

let scopes = 0;
/** A scope id, unique in the process (the interpreter's guid). */
export function scopeId(): string {
  return `foreach:${scopes++}`;
}

/** Entering a list of nodes (the interpreter's `_render(asts, contextId)`). */
export function enter(state: RenderState, contextId: string | null): void {
  if (contextId) {
    if (contextId !== state.condition && state.conditions.indexOf(contextId) === -1) state.conditions.unshift(contextId);
    state.condition = contextId;
  } else {
    state.condition = null;
  }
}

/**
 * Leaving a #foreach over a non-empty list. The interpreter leaves `{}` under the loop's id for good,
 * one more key per loop run in the template's scopes (what issue 15's heap diff found retained per
 * request). A scope is only read through `conditions`, so once its id has left them it is dropped;
 * an id still there (a loop over a map nested inside shifted out in its place) keeps its `{}`.
 */
export function leaveLoop(state: RenderState, contextId: string): void {
  state.brk = false;
  state.local[contextId] = {};
  state.conditions.shift();
  state.condition = state.conditions[0] || '';
  if (state.conditions.indexOf(contextId) === -1) delete state.local[contextId];
}

/** A loop variable visible from here, or `fallback`. */
export function local(state: RenderState, id: string, fallback: unknown): unknown {
  for (const contextId of state.conditions) {
    const scope = state.local[contextId]!;
    if (id in scope) return scope[id];
  }
  return fallback;
}

const objectTag = Object.prototype.toString;
export function isArray(value: unknown): value is unknown[] {
  return objectTag.call(value) === '[object Array]';
}
export function isObject(value: unknown): value is Record<string, unknown> {
  return objectTag.call(value) === '[object Object]';
}
/** What #foreach iterates over at all. */
export function iterable(value: unknown): boolean {
  const type = objectTag.call(value);
  return !(!value || (type !== '[object Array]' && type !== '[object Object]'));
}

/** A reference's value as text in the output. */
export function format(value: unknown): unknown {
  if (isArray(value)) return '[' + value.map(format).join(', ') + ']';
  if (isObject(value)) {
    if ((value as { toString: { toString(): string } }).toString.toString().indexOf('[native code]') === -1) return value;
    return '{' + Object.keys(value).map((k) => k + '=' + (format(value[k]) as string)).join(', ') + '}';
  }
  return value;
}

/** A list node's text as its parent appends it. */
export function block(text: unknown): unknown {
  return text === undefined ? '' : text;
}

/** `$a.b.get("X")` and `getX()`: the property, or its name with the first letter's case flipped. */
export function getter(base: any, property: unknown): unknown {
  if (typeof property === 'number') return base[property];
  const name = property as string;
  const letter = name.charCodeAt(0);
  const ret = base[name];
  if (ret !== undefined) return ret;
  const flipped = letter < 91 ? String.fromCharCode(letter).toLowerCase() + name.slice(1) : String.fromCharCode(letter).toUpperCase() + name.slice(1);
  return base[flipped];
}

function size(value: unknown): unknown {
  if (isArray(value)) return value.length;
  if (isObject(value)) return Object.keys(value).length;
  return undefined;
}
export { size };

function forEachOf(value: any, fn: (item: unknown, key: unknown) => void): void {
  if (!value || typeof value === 'string') return;
  if (value.forEach) value.forEach(fn);
  else for (const key of Object.keys(value)) fn(value[key], key);
}

export function entrySet(base: unknown): unknown[] {
  const out: unknown[] = [];
  forEachOf(base, (value, key) => out.push({ key, value }));
  return out;
}

export function setProperty(base: any, key: any, value: unknown): unknown {
  return (base[key] = value);
}

/** `$a.set("k", v)` on a value without a set method. */
export function setMethod(base: any, key: any, value: unknown): string {
  base[key] = value;
  return '';
}

/** `$a.setX(v)` on a value without that method. */
export function setterMethod(base: any, name: string, value: unknown): unknown {
  base[name] = value;
  base.toString = function () {
    return '';
  };
  return base;
}

/** `$a.remove(x)` (the argument is evaluated as many times as the interpreter evaluates it). */
export function remove(base: any, argument: () => unknown): unknown {
  if (isArray(base)) {
    const item = argument();
    const index = typeof item === 'number' ? item : base.indexOf(item);
    const ret = base[index];
    base.splice(index, 1);
    return ret;
  } else if (isObject(base)) {
    const ret = base[argument() as string];
    delete base[argument() as string];
    return ret;
  }
  return undefined;
}

function evalUnsupported(): never {
  throw new Error('eval is not supported in a compiled template');
}

/** A method call (the method read before its arguments were evaluated), with the interpreter's handling of its errors. */
export function call(base: any, method: any, args: unknown[], where: string | null): unknown {
  if (method && method.call) {
    if (typeof base === 'object' && base) base.eval = evalUnsupported;
    try {
      return method.apply(base, args);
    } catch (e) {
      if (where === null) throw new TypeError("Cannot read properties of undefined (reading 'first_line')");
      (e as Error).name = '';
      (e as Error).message += where;
      throw new Error(e as string);
    }
  }
  return undefined;
}

/** A method called with fewer arguments than the interpreter reads: it fails reading the missing one. */
export function missingArgument(): never {
  throw new TypeError("Cannot read properties of undefined (reading 'type')");
}

/** `==` */
export function equal(a: unknown, b: unknown): boolean {
  const aJson = a && (a as { toJSON?: () => unknown }).toJSON ? (a as { toJSON(): unknown }).toJSON() : a;
  const bJson = b && (b as { toJSON?: () => unknown }).toJSON ? (b as { toJSON(): unknown }).toJSON() : b;
  return velocityIsEqual(aJson, bJson);
}

/** `[a..b]` */
export function range(begin: unknown, end: unknown): number[] {
  const to = parseInt(end as string, 10);
  const from = parseInt(begin as string, 10);
  const out: number[] = [];
  if (!isNaN(from) && !isNaN(to)) {
    if (from < to) for (let i = from; i <= to; i++) out.push(i);
    else for (let i = from; i >= to; i--) out.push(i);
  }
  return out;
}

/** `#return(x)`: the output becomes x's JSON, or x itself when it has none. */
export function returned(value: unknown): unknown {
  try {
    return JSON.stringify(value);
  } catch {
    return value;
  }
}
