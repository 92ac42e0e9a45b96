// dynalite parses every expression of every request again: a getRide sends the same key condition and
// the same six-clause auth filter each time, with only the values changed, and parsing them was the
// largest cost of the store after LevelDB itself. This module remembers each parse, keyed by what the
// parser can observe, and binds the request's own values into a copy of the remembered tree.
//
// What dynalite's condition parser observes (db/conditionParser.js, its actions): the expression, the
// expression attribute names (resolved into the tree, checked for existence), and of each attribute
// value only its type (getType/getImmediateType, in function checks), except for BETWEEN (compares
// the two bounds and prints them) and attribute_type (reads the type name in the value). So the key
// is (expression, names, type of each value); expressions that mention BETWEEN or attribute_type are
// not cached, nor are values that are not plain DynamoDB attribute values. A miss parses once with a
// stand-in object of the same type for each value; the tree it gives is the template: each hit copies
// it and puts the request's value objects where the stand-ins are (so the tree holds the request's
// objects, as dynalite's does), and deletes from the request's "unused" sets the names and values
// the parse used, as the parser itself does. A syntax error depends on the text alone and is thrown
// again as it was; any other throw (a stack overflow on deep nesting) is not cached: that request is
// parsed as before.
//
// Bounded so that hostile input (a new expression on every request) cannot grow it: at most
// `entries` parses and `chars` characters of keys (templates are linear in their expression: the
// parsers are), least recently used first out, and no key longer than `maxKeyChars` is kept.
import conditionParser from 'dynalite/db/conditionParser.js';
import projectionParser from 'dynalite/db/projectionParser.js';
import { installLinearExpressionParsers } from './linear-expression-parsers.js';

export interface ParseContext {
  attrNames?: Record<string, unknown>;
  attrVals?: Record<string, unknown>;
  unusedAttrNames?: Record<string, unknown>;
  unusedAttrVals?: Record<string, unknown>;
  isReserved?: (name: string) => boolean;
  [other: string]: unknown;
}

export type Parse = (input: string, options?: { context?: ParseContext }) => unknown;

export interface ParseCacheLimits {
  entries: number;
  /** Total characters of the keys kept (expression, names, value types). */
  chars: number;
  /** A longer key is parsed but not kept. */
  maxKeyChars: number;
}

// A kept parse takes about 18 bytes of heap per character of its key (key and tree): at most about 9 MB.
export const DEFAULT_PARSE_CACHE_LIMITS: ParseCacheLimits = { entries: 1000, chars: 500_000, maxKeyChars: 8_192 };

export interface ParseCache {
  parse: Parse;
  stats(): { entries: number; chars: number; hits: number; misses: number; bypassed: number };
  clear(): void;
}

export class ExpressionCachePatchError extends Error {
  override name = 'ExpressionCachePatchError';
}

// The types dynalite's getImmediateType tries, in its order; the keys checkTypes lets through.
const VALUE_TYPES = ['S', 'N', 'B', 'NULL', 'BOOL', 'SS', 'NS', 'BS', 'L', 'M'] as const;
const VALUE_KEYS = new Set<string>(VALUE_TYPES);
// Expressions whose parse depends on more of a value than its type (see above).
const READS_VALUE_CONTENT = /between|attribute_type/i;

interface Entry {
  /** The tree, or the error string, with stand-ins for the values; or the syntax error to throw. */
  result?: unknown;
  thrown?: unknown;
  usedNames: string[];
  usedVals: string[];
  /** stand-in object → attribute value name */
  standIns: Map<object, string>;
  chars: number;
}

/**
 * A caching `parse` for one of dynalite's PEG parsers. `readsValues`: the parser resolves attribute
 * values (condition, update: true; projection: false, it resolves names only).
 */
export function createParseCache(parse: Parse, options: { readsValues: boolean; limits?: ParseCacheLimits }): ParseCache {
  const limits = options.limits ?? DEFAULT_PARSE_CACHE_LIMITS;
  const entries = new Map<string, Entry>();
  let chars = 0;
  let hits = 0;
  let misses = 0;
  let bypassed = 0;
  // The parse depends on the reserved-word check too; dynalite always passes the same function.
  let isReserved: unknown;

  const cachedParse: Parse = (input, parseOptions) => {
    const context = parseOptions?.context;
    const key = context && typeof input === 'string' ? cacheKey(input, context, options.readsValues) : undefined;
    if (key === undefined || key.length > limits.maxKeyChars) {
      bypassed++;
      return parse(input, parseOptions);
    }
    if (context!.isReserved !== isReserved) {
      clear();
      isReserved = context!.isReserved;
    }
    let entry = entries.get(key);
    if (entry) {
      hits++;
      // Most recently used last.
      entries.delete(key);
      entries.set(key, entry);
    } else {
      entry = templateParse(parse, input, context!);
      if (!entry) {
        bypassed++;
        return parse(input, parseOptions);
      }
      misses++;
      entry.chars = key.length;
      entries.set(key, entry);
      chars += key.length;
      for (const [oldKey, old] of entries) {
        if (entries.size <= limits.entries && chars <= limits.chars) break;
        entries.delete(oldKey);
        chars -= old.chars;
      }
    }
    return bind(entry, context!);
  };

  function clear(): void {
    entries.clear();
    chars = 0;
  }

  return { parse: cachedParse, stats: () => ({ entries: entries.size, chars, hits, misses, bypassed }), clear };
}

/** (expression, names, value types), or undefined when this parse must not be cached. */
function cacheKey(input: string, context: ParseContext, readsValues: boolean): string | undefined {
  let types = '';
  if (readsValues) {
    if (READS_VALUE_CONTENT.test(input)) return undefined;
    const values = context.attrVals;
    if (values != null) {
      if (typeof values !== 'object') return undefined;
      for (const name of Object.keys(values)) {
        const type = valueType(values[name]);
        if (type === undefined) return undefined;
        types += `${JSON.stringify(name)}:${type},`;
      }
    }
  }
  const names = context.attrNames;
  if (names != null && typeof names !== 'object') return undefined;
  return `${input}\u0000${names == null ? '' : JSON.stringify(names)}\u0000${types}`;
}

/** What the parser can see of a value: getImmediateType's answer; undefined for anything else than a plain attribute value. */
function valueType(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || Object.getPrototypeOf(value) !== Object.prototype) return undefined;
  for (const key of Object.keys(value)) if (!VALUE_KEYS.has(key)) return undefined;
  for (const type of VALUE_TYPES) if ((value as Record<string, unknown>)[type] != null) return type;
  return '-';
}

/** Parses with stand-ins for the values and fresh "unused" sets; undefined when the parse threw anything but a syntax error. */
function templateParse(parse: Parse, input: string, context: ParseContext): Entry | undefined {
  const standIns = new Map<object, string>();
  const standInVals: Record<string, unknown> | undefined = context.attrVals == null ? (context.attrVals as undefined) : {};
  for (const name of Object.keys(context.attrVals ?? {})) {
    const type = valueType(context.attrVals![name])!;
    const standIn = type === '-' ? {} : { [type]: type === 'BOOL' || type === 'NULL' ? true : type.length === 2 || type === 'L' ? [] : type === 'M' ? {} : '0' };
    standIns.set(standIn, name);
    standInVals![name] = standIn;
  }
  const unusedNames = Object.fromEntries(Object.keys(context.attrNames ?? {}).map((name) => [name, true]));
  const unusedVals = Object.fromEntries(Object.keys(context.attrVals ?? {}).map((name) => [name, true]));
  const probe: ParseContext = { ...context, attrVals: standInVals, unusedAttrNames: unusedNames, unusedAttrVals: unusedVals };
  const entry: Entry = { usedNames: [], usedVals: [], standIns, chars: 0 };
  try {
    entry.result = parse(input, { context: probe });
  } catch (error) {
    if ((error as Error | undefined)?.name !== 'SyntaxError') return undefined;
    entry.thrown = error;
  }
  entry.usedNames = Object.keys(context.attrNames ?? {}).filter((name) => !(name in unusedNames));
  entry.usedVals = Object.keys(context.attrVals ?? {}).filter((name) => !(name in unusedVals));
  return entry;
}

/** The remembered parse for this request: its "unused" sets updated, its values in a copy of the tree. */
function bind(entry: Entry, context: ParseContext): unknown {
  // The parser deletes a name or value from the unused sets as it resolves it, before any error.
  const unusedNames = context.unusedAttrNames;
  const unusedVals = context.unusedAttrVals;
  if (unusedNames) for (const name of entry.usedNames) delete unusedNames[name];
  if (unusedVals) for (const name of entry.usedVals) delete unusedVals[name];
  if ('thrown' in entry) throw entry.thrown;
  const values = context.attrVals ?? {};
  const copies = new Map<object, unknown>();
  const copy = (node: unknown): unknown => {
    if (node === null || typeof node !== 'object') return node;
    const name = entry.standIns.get(node);
    if (name !== undefined) return values[name];
    const done = copies.get(node);
    if (done !== undefined) return done;
    if (Array.isArray(node)) {
      const array: unknown[] = [];
      copies.set(node, array);
      for (const item of node) array.push(copy(item));
      return array;
    }
    const object = Object.create(Object.getPrototypeOf(node)) as Record<string, unknown>;
    copies.set(node, object);
    for (const key of Object.keys(node)) object[key] = copy((node as Record<string, unknown>)[key]);
    return object;
  };
  return copy(entry.result);
}

interface PegModule {
  parse: Parse;
}

let installed: { condition: ParseCache; projection: ParseCache } | undefined;

/**
 * Puts the caches in front of dynalite's condition and projection parsers (idempotent), which are
 * the linear ones of linear-expression-parsers.ts. Returns them (tests read their stats).
 */
export function installParsedExpressionCache(): { condition: ParseCache; projection: ParseCache } {
  if (installed) return installed;
  installLinearExpressionParsers();
  const modules = { condition: conditionParser as PegModule, projection: projectionParser as PegModule };
  for (const [name, module] of Object.entries(modules)) {
    if (typeof module?.parse !== 'function') throw new ExpressionCachePatchError(`dynalite's ${name} parser has no parse(); update src/local/dynamodb/parsed-expression-cache.ts`);
  }
  const condition = createParseCache(modules.condition.parse, { readsValues: true });
  const projection = createParseCache(modules.projection.parse, { readsValues: false });
  modules.condition.parse = condition.parse;
  modules.projection.parse = projection.parse;
  installed = { condition, projection };
  return installed;
}
