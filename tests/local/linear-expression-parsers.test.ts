// dynalite's expression parsers with the result cache (src/local/dynamodb/linear-expression-parsers.ts):
// the rewrite (peg-result-cache.mjs) marks the parse it makes, installLinearExpressionParsers()
// rewrites dynalite's copy when the sources run and leaves a copy the bundle's build rewrote already.
// (That the cached parser answers as dynalite's does: tests/security/expression-nesting.test.ts.)
import { createRequire } from 'node:module';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadParser, ParserPatchError, withResultCache } from '../../src/local/dynamodb/linear-expression-parsers.js';
import { hasResultCache } from '../../src/local/dynamodb/peg-result-cache.mjs';

const require = createRequire(import.meta.url);
const IDS = ['dynalite/db/conditionParser', 'dynalite/db/updateParser', 'dynalite/db/projectionParser'] as const;
type Parse = (input: string, options?: unknown) => unknown;
// The modules dynalite holds (node's copies: the sources run here, not the bundle).
const held = IDS.map((id) => require(id) as { parse: Parse });
const kept = held.map((module) => module.parse);

afterEach(() => {
  held.forEach((module, i) => (module.parse = kept[i]!));
});

/** installLinearExpressionParsers() of a fresh copy of its module (its "installed" flag unset). */
async function installFresh(): Promise<void> {
  vi.resetModules();
  const fresh = await import('../../src/local/dynamodb/linear-expression-parsers.js');
  fresh.installLinearExpressionParsers();
}

describe("dynalite's parsers with the result cache", () => {
  it('are marked as rewritten; the generated ones are not', () => {
    for (const id of IDS) {
      expect(hasResultCache(loadParser(id, { cached: true }).parse)).toBe(true);
      expect(hasResultCache(loadParser(id, { cached: false }).parse)).toBe(false);
    }
    expect(hasResultCache(undefined)).toBe(false);
  });

  it('replace the parsers dynalite holds when those have no cache', async () => {
    held.forEach((module, i) => (module.parse = loadParser(IDS[i]!, { cached: false }).parse));
    const plain = held.map((module) => module.parse);
    await installFresh();
    held.forEach((module, i) => {
      expect(module.parse).not.toBe(plain[i]);
      expect(hasResultCache(module.parse)).toBe(true);
    });
  });

  it('leave parsers that have the cache already (the bundle rewrote them when it was built)', async () => {
    const bundled = IDS.map((id) => loadParser(id, { cached: true }).parse);
    held.forEach((module, i) => (module.parse = bundled[i]!));
    await installFresh();
    held.forEach((module, i) => expect(module.parse).toBe(bundled[i]));
  });

  it('are refused, with the module named, when the source is not the PEG.js parser the rewrite knows', () => {
    const attempt = () => withResultCache('module.exports = { parse() {} };\n', 'dynalite/db/conditionParser');
    expect(attempt).toThrow(ParserPatchError);
    expect(attempt).toThrow(/^dynalite\/db\/conditionParser is not the PEG\.js 0\.10 parser .*peg-result-cache\.mjs$/);
  });
});
