// The lane of one request (resolver-scheduler.ts) at its deadline: resolvers still running are
// answered ExecutionTimeout then, without waiting for them, and what they return later is dropped;
// those waiting for a slot never start; and work a running resolver would start next can ask
// whether the time is up. Real timers with a short limit; the assertions are about order only.
import { describe, expect, it } from 'vitest';
import { ExecutionTimeoutError, resolverLane } from '../../src/local/appsync/resolver-scheduler.js';

/** A resolver that runs until the test lets it finish. */
function held<T>(value: T) {
  let finish!: () => void;
  const released = new Promise<void>((resolve) => (finish = resolve));
  let started = false;
  let finished = false;
  return {
    start: async () => {
      started = true;
      await released;
      finished = true;
      return value;
    },
    finish,
    get started() {
      return started;
    },
    get finished() {
      return finished;
    },
  };
}

describe('a lane at its deadline', () => {
  it('answers ExecutionTimeout for the resolvers still running, before they finish, and drops what they return later', async () => {
    const lane = resolverLane({ resolversInFlight: 2, timeLimitMs: 20 });
    const slow = [held('a'), held('b')];
    const answers = slow.map((r) => lane.run(r.start).then((v) => ({ value: v }), (e: unknown) => ({ error: e })));
    const settled = await Promise.all(answers);
    expect(slow.every((r) => r.started && !r.finished)).toBe(true);
    for (const outcome of settled) {
      expect(outcome).toEqual({ error: expect.any(ExecutionTimeoutError) });
      expect((outcome as { error: ExecutionTimeoutError }).error.extensions).toMatchObject({ errorType: 'ExecutionTimeout', message: 'Execution timed out.', data: null });
    }
    for (const r of slow) r.finish();
    await new Promise((resolve) => setImmediate(resolve));
    expect(slow.every((r) => r.finished)).toBe(true);
    // The promises stay rejected: a late value does not reach the answer.
    expect(await Promise.all(answers)).toEqual(settled);
  });

  it('never starts the resolvers still waiting for a slot, nor any asked for afterwards', async () => {
    const lane = resolverLane({ resolversInFlight: 1, timeLimitMs: 20 });
    const running = held('running');
    const waiting = held('waiting');
    const outcomes = Promise.allSettled([lane.run(running.start), lane.run(waiting.start)]);
    expect((await outcomes).map((o) => o.status)).toEqual(['rejected', 'rejected']);
    expect(running.started).toBe(true);
    expect(waiting.started).toBe(false);
    const after = held('after');
    await expect(lane.run(after.start)).rejects.toBeInstanceOf(ExecutionTimeoutError);
    running.finish();
    await new Promise((resolve) => setImmediate(resolve));
    expect(waiting.started || after.started).toBe(false);
  });

  it('lets a running resolver ask before the next step: checkDeadline throws only once the time is up', () => {
    let clock = 0;
    const lane = resolverLane({ resolversInFlight: 4, timeLimitMs: 10 }, () => clock);
    expect(() => lane.checkDeadline()).not.toThrow();
    expect(lane.expired()).toBe(false);
    clock = 10;
    expect(() => lane.checkDeadline()).toThrow(ExecutionTimeoutError);
    expect(lane.expired()).toBe(true);
  });

  it('answers in full what finishes within the limit', async () => {
    const lane = resolverLane({ resolversInFlight: 2, timeLimitMs: 30_000 });
    expect(await Promise.all([1, 2, 3].map((i) => lane.run(() => i)))).toEqual([1, 2, 3]);
  });
});
