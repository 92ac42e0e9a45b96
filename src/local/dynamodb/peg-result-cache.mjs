// The rewrite that gives a PEG.js 0.10 parser the per-position result cache (why:
// linear-expression-parsers.ts). Plain JavaScript, so that the bundle's build script
// (src/local/bundle/build-bundle.mjs), which node runs without TypeScript, applies the same rewrite to
// the parsers it bundles as linear-expression-parsers.ts applies at run time to node_modules' copy.

/** The property the rewrite sets on the parser's `parse`, so that a parser rewritten already (bundled) is recognised. */
export const RESULT_CACHE_MARK = 'wildrydesResultCache';

export class ParserPatchError extends Error {
  name = 'ParserPatchError';
}

const RULE_START = /\n {2}function peg\$parse(\w+)\(\) \{\n {4}var [^;]*;\n/g;
const PARSE_START = 'function peg$parse(input, options) {';
const HINT = 'update src/local/dynamodb/peg-result-cache.mjs';

/**
 * The generated parser with PEG.js's per-position result cache in each rule function, and
 * RESULT_CACHE_MARK set on its `parse`.
 * @param {string} source the parser module's text, as PEG.js 0.10 generated it
 * @param {string} id the module's name, for error messages
 * @returns {string}
 */
export function withResultCache(source, id) {
  const rules = [...source.matchAll(RULE_START)];
  if (rules.length === 0 || !source.includes(PARSE_START)) {
    throw new ParserPatchError(`${id} is not the PEG.js 0.10 parser this rewrite expects; ${HINT}`);
  }
  let out = '';
  let at = 0;
  rules.forEach((rule, index) => {
    const bodyStart = rule.index + rule[0].length;
    const end = source.indexOf('\n  }\n', bodyStart);
    const body = source.slice(bodyStart, end);
    const lastReturn = body.lastIndexOf('return s0;');
    if (end < 0 || lastReturn < 0 || body.indexOf('return s0;') !== lastReturn) {
      throw new ParserPatchError(`${id}: rule ${rule[1]} does not end with a single "return s0;"; ${HINT}`);
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
  // One cache per parse call, declared in peg$parse's scope before its rule functions. The mark is
  // code, not a comment: a minified bundle keeps it.
  return `${out.replace(PARSE_START, `${PARSE_START}\n  var peg$resultsCache = new Map();`)}\npeg$parse.${RESULT_CACHE_MARK} = true;\n`;
}

/**
 * Whether `parse` is one withResultCache made.
 * @param {unknown} parse
 * @returns {boolean}
 */
export function hasResultCache(parse) {
  return typeof parse === 'function' && parse[RESULT_CACHE_MARK] === true;
}
