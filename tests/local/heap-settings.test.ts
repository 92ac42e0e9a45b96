// npm start's heap sizing (src/local/bundle/heap-settings.cjs): its start-time settings reach the
// process through the start script, and they keep V8's committed heap near what is live
// under churn, without a ceiling. Counts of bytes only, no timings.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { START_FLAGS, startEnv } from '../../src/local/bundle/heap-settings.cjs';

const REPO = join(import.meta.dirname, '..', '..');

/**
 * A child that keeps about 50 MB live while allocating 20 times that, and prints the largest heap
 * V8 committed and then, in a second phase, whether 400 MB more live data can still be held (no ceiling).
 */
function churn(): { peakCommitted: number; peakUsed: number; heldLarge: boolean } {
  const script = `
    const keep = []; let peakCommitted = 0, peakUsed = 0;
    for (let round = 0; round < 300; round++) {
      const batch = [];
      for (let i = 0; i < 20000; i++) batch.push({ i, text: 'item ' + i + ' of ' + round });
      keep.push(batch);
      if (keep.length > 30) keep.shift();
      const m = process.memoryUsage();
      peakCommitted = Math.max(peakCommitted, m.heapTotal);
      peakUsed = Math.max(peakUsed, m.heapUsed);
    }
    const large = [];
    for (let i = 0; i < 400; i++) large.push(new Array(128 * 1024).fill(i));
    console.log(JSON.stringify({ peakCommitted, peakUsed, heldLarge: large.length === 400 }));
  `;
  const out = execFileSync(process.execPath, [...START_FLAGS, '--input-type=module', '-e', script], { env: { ...process.env, ...startEnv() }, encoding: 'utf8' });
  return JSON.parse(out);
}

describe('heap settings of a local cloud process', () => {
  // What the script passes to node (environment included) is checked in start-script.test.ts.
  it('npm start runs the start script', () => {
    expect(JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).scripts.start).toBe('exec sh src/local/bundle/start.sh');
  });

  it('keeps the committed heap near what is live under churn, with no ceiling', () => {
    const MB = 1024 * 1024;
    const bounded = churn();
    expect(bounded.heldLarge).toBe(true);
    expect(bounded.peakCommitted / MB, JSON.stringify(bounded)).toBeLessThan(200);
  }, 120_000);
});
