// dynalite parses condition, filter, key-condition, update and projection expressions with parsers
// PEG.js generated without its result cache. Such a parser backtracks: each level of nested
// parentheses is parsed again by every alternative that fails on it, so `(NOT (NOT ... (a = :v)))`
// costs time exponential in its depth (0.7 s at depth 4, 25 s at 8 here), and one GraphQL `filter`
// with nested `not` stopped the whole local cloud. This module gives dynalite the same parsers with
// the cache PEG.js adds under its `cache` option (a rule's result remembered per input position),
// which makes parsing linear in the expression's length. The grammar and its actions are dynalite's,
// unchanged: an action runs once per (rule, position) instead of on every retry, and its side effects
// (first error wins) are the same. A result is remembered apart for silent (inside a lookahead or a
// named rule) and reporting calls: a silent call records no expectation, and the reporting call that
// would have found its result remembered would record none either, so a syntax error's "Expected ..."
// list would lose entries dynalite's parser names (PEG.js's own cache has that flaw).
// The rewrite itself is peg-result-cache.mjs. node_modules stays untouched: when the sources run
// directly, the generated source is read, the cache added in memory, and the `parse` of the module
// dynalite already holds replaced (the modules are imported statically, so this is the copy dynalite
// uses); the bundle's build applies the same rewrite to the copy it bundles, and this module then
// finds the cache there and leaves it.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { runInThisContext } from 'node:vm';
import conditionParser from 'dynalite/db/conditionParser.js';
import updateParser from 'dynalite/db/updateParser.js';
import projectionParser from 'dynalite/db/projectionParser.js';
import { hasResultCache, ParserPatchError, withResultCache } from './peg-result-cache.mjs';

export { ParserPatchError, withResultCache };

const require = createRequire(import.meta.url);
const PARSERS = ['dynalite/db/conditionParser', 'dynalite/db/updateParser', 'dynalite/db/projectionParser'] as const;
const LOADED: Record<(typeof PARSERS)[number], unknown> = {
  'dynalite/db/conditionParser': conditionParser,
  'dynalite/db/updateParser': updateParser,
  'dynalite/db/projectionParser': projectionParser,
};

export interface PegModule {
  parse(input: string, options?: unknown): unknown;
  SyntaxError: unknown;
}

let installed = false;

/**
 * Replaces dynalite's expression parsers by cached ones (idempotent), unless they have the cache
 * already: the bundle's build rewrites them as it bundles them (build-bundle.mjs), which spares a
 * start reading and compiling them again outside the bundle's code cache. Throws if dynalite's
 * parsers changed shape.
 */
export function installLinearExpressionParsers(): void {
  if (installed) return;
  for (const id of PARSERS) {
    const loaded = LOADED[id] as PegModule;
    if (typeof loaded?.parse !== 'function') throw new ParserPatchError(`${id} has no parse(); update src/local/dynamodb/linear-expression-parsers.ts`);
    if (!hasResultCache(loaded.parse)) loaded.parse = loadParser(id, { cached: true }).parse;
  }
  installed = true;
}

/** A fresh copy of one of dynalite's parsers, with or without the cache (tests compare the two). */
export function loadParser(id: (typeof PARSERS)[number], options: { cached: boolean }): PegModule {
  const path = require.resolve(id);
  const source = readFileSync(path, 'utf8');
  return compile(options.cached ? withResultCache(source, id) : source, path);
}

function compile(source: string, path: string): PegModule {
  const module = { exports: {} as PegModule };
  const wrapper = runInThisContext(`(function (module, exports, require) {${source}\n})`, { filename: `${path} (cached)` }) as (
    m: typeof module,
    e: PegModule,
    r: NodeJS.Require,
  ) => void;
  wrapper(module, module.exports, require);
  return module.exports;
}
