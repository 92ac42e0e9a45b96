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
// list would lose entries dynalite's parser names (PEG.js's own cache has that flaw). node_modules stays untouched: the generated source is read, the
// cache added in memory, and the `parse` of the module dynalite already holds replaced: the modules
// are imported statically, so that when esbuild bundles dynalite into the local cloud this patches
// the bundled copy (the one dynalite uses), and node's copy when the sources run directly.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { runInThisContext } from 'node:vm';
import conditionParser from 'dynalite/db/conditionParser.js';
import updateParser from 'dynalite/db/updateParser.js';
import projectionParser from 'dynalite/db/projectionParser.js';

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

export class ParserPatchError extends Error {
  override name = 'ParserPatchError';
}

let installed = false;

/** Replaces dynalite's expression parsers by cached ones (idempotent). Throws if dynalite's parsers changed shape. */
export function installLinearExpressionParsers(): void {
  if (installed) return;
  for (const id of PARSERS) {
    const loaded = LOADED[id] as PegModule;
    if (typeof loaded?.parse !== 'function') throw new ParserPatchError(`${id} has no parse(); update src/local/dynamodb/linear-expression-parsers.ts`);
    loaded.parse = loadParser(id, { cached: true }).parse;
  }
  installed = true;
}

/** A fresh copy of one of dynalite's parsers, with or without the cache (tests compare the two). */
export function loadParser(id: (typeof PARSERS)[number], options: { cached: boolean }): PegModule {
  const path = require.resolve(id);
  const source = readFileSync(path, 'utf8');
  return compile(options.cached ? withResultCache(source, id) : source, path);
}

const RULE_START = /\n {2}function peg\$parse(\w+)\(\) \{\n {4}var [^;]*;\n/g;

/** The generated parser with PEG.js's per-position result cache in each rule function. */
export function withResultCache(source: string, id: string): string {
  const rules = [...source.matchAll(RULE_START)];
  if (rules.length === 0 || !source.includes('function peg$parse(input, options) {')) {
    throw new ParserPatchError(`${id} is not the PEG.js 0.10 parser this module expects; update src/local/dynamodb/linear-expression-parsers.ts`);
  }
  let out = '';
  let at = 0;
  rules.forEach((rule, index) => {
    const bodyStart = rule.index! + rule[0].length;
    const end = source.indexOf('\n  }\n', bodyStart);
    const body = source.slice(bodyStart, end);
    const lastReturn = body.lastIndexOf('return s0;');
    if (end < 0 || lastReturn < 0 || body.indexOf('return s0;') !== lastReturn) {
      throw new ParserPatchError(`${id}: rule ${rule[1]} does not end with a single "return s0;"; update src/local/dynamodb/linear-expression-parsers.ts`);
    }
    out += source.slice(at, bodyStart);
    out +=
      `    var peg$key = (peg$currPos * ${rules.length} + ${index}) * 2 + (peg$silentFails > 0 ? 1 : 0), peg$cached = peg$resultsCache.get(peg$key);\n` +
      `    if (peg$cached) { peg$currPos = peg$cached.nextPos; return peg$cached.result; }\n`;
    out += body.slice(0, lastReturn) + 'peg$resultsCache.set(peg$key, { nextPos: peg$currPos, result: s0 });\n    return s0;';
    out += body.slice(lastReturn + 'return s0;'.length);
    at = end;
  });
  out += source.slice(at);
  // One cache per parse call, declared in peg$parse's scope before its rule functions.
  return out.replace('function peg$parse(input, options) {', 'function peg$parse(input, options) {\n  var peg$resultsCache = new Map();');
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
