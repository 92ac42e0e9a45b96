// The lane of one request (resolver-scheduler.ts) at its deadline: resolvers still running are
// answered ExecutionTimeout then, without waiting for them, and what they return later is dropped;
// those waiting for a slot never start; and work a running resolver would start next can ask
// whether the time is up. And how a lane gives the event loop back: per slice of starts, not per
// resolver. Real timers with a short limit; the assertions are about order only.
import { describe, expect, it } from 'vitest';
import { ExecutionTimeoutError, resolverLane, TURN_SLICE } from '../../src/local/appsync/resolver-scheduler.js';

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

/** Counts turns of the event loop: a chain of setImmediate callbacks, one per turn, until stopped. */
function turnCounter() {
  let turn = 0;
  let stopped = false;
  const tick = () => {
    if (stopped) return;
    turn++;
    setImmediate(tick);
  };
  setImmediate(tick);
  return {
    get turn() {
      return turn;
    },
    stop() {
      stopped = true;
    },
  };
}

describe('a lane and the event loop', () => {
  it('starts its first resolver on a later turn, not inside the call that asked', async () => {
    const lane = resolverLane({ resolversInFlight: 4, timeLimitMs: 30_000 });
    let started = false;
    const answer = lane.run(() => {
      started = true;
      return 'x';
    });
    expect(started).toBe(false);
    expect(await answer).toBe('x');
  });

  it('runs a long request of resolvers that do no I/O a slice at a time: several per turn, and a turn given back every TURN_SLICE.resolvers starts', async () => {
    // A clock that stands still: only the count ends a slice.
    const lane = resolverLane({ resolversInFlight: 4, timeLimitMs: 30_000 }, () => 0);
    const turns = turnCounter();
    const startedOnTurn: number[] = [];
    const count = 100;
    const answers = await Promise.all(
      Array.from({ length: count }, (_, i) =>
        lane.run(() => {
          startedOnTurn.push(turns.turn);
          return i;
        }),
      ),
    );
    turns.stop();
    expect(answers).toEqual(Array.from({ length: count }, (_, i) => i));
    const perTurn = new Map<number, number>();
    for (const turn of startedOnTurn) perTurn.set(turn, (perTurn.get(turn) ?? 0) + 1);
    // It yields: no turn ran more than a slice, so other callbacks ran between the slices.
    expect(Math.max(...perTurn.values())).toBe(TURN_SLICE.resolvers);
    expect(perTurn.size).toBe(Math.ceil(count / TURN_SLICE.resolvers));
  });

  it('ends a slice when its time is used, by the lane\'s clock, whatever the count', async () => {
    let clock = 0;
    const lane = resolverLane({ resolversInFlight: 4, timeLimitMs: 30_000 }, () => clock);
    const turns = turnCounter();
    const startedOnTurn: number[] = [];
    await Promise.all(
      Array.from({ length: 6 }, () =>
        lane.run(() => {
          startedOnTurn.push(turns.turn);
          // Each resolver uses the whole slice.
          clock += TURN_SLICE.ms;
        }),
      ),
    );
    turns.stop();
    expect(new Set(startedOnTurn).size).toBe(6);
  });

  it('starts the next resolver at once when a slot frees after the loop has turned (the lane gave it back while waiting)', async () => {
    const lane = resolverLane({ resolversInFlight: 1, timeLimitMs: 30_000 }, () => 0);
    const turns = turnCounter();
    let waitedUntil = -1;
    let nextStartedOn = -1;
    const first = lane.run(async () => {
      // As a DynamoDB call: the answer comes on a later turn.
      await new Promise((resolve) => setTimeout(resolve, 5));
      waitedUntil = turns.turn;
    });
    const next = lane.run(() => {
      nextStartedOn = turns.turn;
    });
    await Promise.all([first, next]);
    turns.stop();
    expect(nextStartedOn).toBe(waitedUntil);
  });
});
