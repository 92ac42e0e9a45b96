// The bundle's V8 code cache (src/local/bundle/run-bundle.cjs): made once a process marks it ready,
// used by the next process, refused and made again when it does not fit (another node's flags, a
// damaged file), and never a reason for the bundle to behave differently. Each start is a node
// process of its own, as `npm start` is: V8 takes a cache when it compiles, once per process.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { wrapAsFunction } from '../../src/local/bundle/build-bundle.mjs';
import { codeCachePath } from '../../src/local/bundle/run-bundle.cjs';

const RUN_BUNDLE = pathToFileURL(join(import.meta.dirname, '..', '..', 'src', 'local', 'bundle', 'run-bundle.cjs')).href;
const dir = mkdtempSync(join(tmpdir(), 'bundle-code-cache-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A CommonJS file as the bundle's build writes one (esbuild's, in node's module wrapper): enough
// functions for V8 to have something to cache.
const file = join(dir, 'entry.cjs');
const functions = Array.from({ length: 200 }, (_, i) => `function f${i}(x) { return x * ${i} + ${i}; }`).join('\n');
writeFileSync(file, wrapAsFunction(`${functions}\nlet total = 0;\nfor (let i = 0; i < 200; i++) total += eval('f' + i)(2);\nmodule.exports = { total, dir: __dirname, req: typeof require('node:path').join };\n`));

/** Runs the file in a new node process (with `flags`), marks it ready, and reports what run-bundle did. */
function start(flags: string[] = [], kind?: string): { codeCache: string; total: number; dir: string; req: string } {
  const script = `
    import { runBundle } from ${JSON.stringify(RUN_BUNDLE)};
    const { exports, codeCache } = runBundle(${JSON.stringify(file)}, { readyMark: 'test:ready', log: (line) => console.error(line), kind: ${JSON.stringify(kind)} });
    performance.mark('test:ready');
    setTimeout(() => console.log(JSON.stringify({ codeCache, ...exports })), 50);
  `;
  return JSON.parse(execFileSync(process.execPath, [...flags, '--input-type=module', '-e', script], { encoding: 'utf8' }));
}

const cacheFiles = () => readdirSync(dir).filter((name) => name.endsWith('.v8-cache'));

describe('the V8 code cache of a bundle entry', () => {
  it('is made at the ready mark, used by the next start, and each set of node flags and kind of start has its own', () => {
    expect(start()).toEqual({ codeCache: 'absent', total: 59700, dir, req: 'function' });
    expect(cacheFiles()).toHaveLength(1);
    const made = statSync(join(dir, cacheFiles()[0]!)).mtimeMs;
    expect(start()).toEqual({ codeCache: 'used', total: 59700, dir, req: 'function' });
    // Used, so not written again.
    expect(statSync(join(dir, cacheFiles()[0]!)).mtimeMs).toBe(made);
    // Other flags: a file of their own, the first one left as it is.
    expect(start(['--max-semi-space-size=4']).codeCache).toBe('absent');
    expect(cacheFiles()).toHaveLength(2);
    expect(start(['--max-semi-space-size=4']).codeCache).toBe('used');
    expect(start().codeCache).toBe('used');
    // Another kind of start (npm start's options that leave parts out): a file of its own too.
    expect(start([], '--no-web').codeCache).toBe('absent');
    expect(cacheFiles()).toHaveLength(3);
    expect(start([], '--no-web').codeCache).toBe('used');
    expect(start().codeCache).toBe('used');
  });

  it('is refused when damaged, the file runs compiled from its source, and a new cache replaces it', () => {
    start();
    // The path this test process computes differs from a child's (other execArgv): damage every cache.
    for (const name of cacheFiles()) writeFileSync(join(dir, name), Buffer.alloc(4096, 7));
    expect(start()).toEqual({ codeCache: 'rejected', total: 59700, dir, req: 'function' });
    expect(start().codeCache).toBe('used');
  });

  it('is kept beside the file, named for the node that made it', () => {
    expect(codeCachePath(file)).toMatch(new RegExp(`^${file.replaceAll('.', '\\.')}\\.[0-9a-f]{16}\\.v8-cache$`));
  });
});
