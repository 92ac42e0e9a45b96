// How one request's resolvers share the process with every other request. graphql-js calls the
// resolvers of all the fields of a selection set at once: a request of 1,000 aliased `listRides`
// rendered 1,000 templates in one turn of the event loop and queued 1,000 DynamoDB calls ahead of
// every other caller's (the SDK's socket pool is first come, first served), so a getRide sent a moment
// later waited for all of them. Here each request runs a few resolvers at a time (resolversInFlight)
// and gives the event loop back regularly, so other requests' work interleaves with it.
//
// It gives the loop back per slice, not per resolver: a 100-item list runs its per-item `Ride.owner`
// resolver (no I/O) 100 times, and a turn each cost 100 event-loop hops and their promise chains for
// no fairness gained. A lane's first resolver waits for a turn (setImmediate, after pending I/O), as
// every resolver used to; from then on the lane starts resolvers at once while its slice lasts, and
// yields past it. A slice ends after TURN_SLICE.resolvers starts or TURN_SLICE.ms of continuous time,
// whichever comes first; and it ends when the event loop has turned since it opened (a marker
// setImmediate, one per slice), since the lane has then given the loop back already, e.g. while it
// waited on DynamoDB, and the next start opens a fresh slice at once. Both bounds, because the count
// keeps the yielding deterministic (the tests rely on a long request of cheap resolvers yielding every
// 32 starts whatever the machine's speed) and the clock bounds a slice of costly renders, whose
// promise continuations run in the same turn. The clock is the lane's `now`, so a test that fixes it
// sees the count alone.
//
// AppSync also bounds a request's run time ("Request execution time for mutations, queries, and
// subscriptions": 30 seconds, AWS AppSync endpoints and quotas); past it a field answers null with
// `errorType: "ExecutionTimeout"`, `message: "Execution timed out."`. Here the lane answers so at the
// deadline for every resolver still running or waiting, so the request is answered then and not when
// a slow DynamoDB call comes back; nothing of the request starts afterwards (no resolver, and no next
// function of a pipeline: `checkDeadline`), and whatever a resolver still running returns later is
// dropped. What it already sent to DynamoDB is not undone (nor is it in AppSync).
import { getLocation, type FieldNode } from 'graphql';

export const EXECUTION_LIMITS = {
  /** Resolvers of one request running at once (the rest wait their turn, in the order graphql-js asked). */
  resolversInFlight: 4,
  /** AppSync's request execution time quota. */
  timeLimitMs: 30_000,
};

export type ExecutionLimits = typeof EXECUTION_LIMITS;

/** How long a lane runs resolvers before it gives the event loop back (see above). */
export const TURN_SLICE = {
  /** Resolver starts per slice. */
  resolvers: 32,
  /** Continuous time per slice, by the lane's clock. */
  ms: 1,
};

/** What AppSync answers for a field whose request ran out of time (graphql-js keeps `extensions` from the thrown error). */
export class ExecutionTimeoutError extends Error {
  override name = 'ExecutionTimeoutError';
  readonly extensions: { errorType: string; message: string; data: null; errorInfo: null; locations: Array<{ line: number; column: number }> };

  constructor(fieldNodes: readonly FieldNode[] = []) {
    super('Execution timed out.');
    const locations = fieldNodes.filter((node) => node.loc).map((node) => getLocation(node.loc!.source, node.loc!.start));
    this.extensions = { errorType: 'ExecutionTimeout', message: this.message, data: null, errorInfo: null, locations };
  }
}

/** The resolver queue of one request. */
export interface ResolverLane {
  /**
   * Runs `start` when a slot is free: at once within the lane's slice, else on a later turn of the
   * event loop (always so for the lane's first). Rejects with
   * ExecutionTimeoutError at the request's deadline if `start` has not settled by then (its late
   * outcome is dropped), and without calling `start` when the deadline has passed before its turn.
   */
  run<T>(start: () => T | Promise<T>, fieldNodes?: readonly FieldNode[]): Promise<T>;
  /** Throws ExecutionTimeoutError once the deadline has passed: for work that a running resolver would start next. */
  checkDeadline(fieldNodes?: readonly FieldNode[]): void;
  /** Whether the deadline has passed. */
  expired(): boolean;
}

interface Entry {
  go(): void;
  timeOut(): void;
}

export function resolverLane(limits: ExecutionLimits, now: () => number = () => performance.now()): ResolverLane {
  const deadline = now() + limits.timeLimitMs;
  const waiting: Entry[] = [];
  const running = new Set<Entry>();
  let timedOut = false;
  // One timer per lane, armed only while it has work: an idle lane (a request answered) holds nothing.
  let timer: NodeJS.Timeout | undefined;

  const expired = () => {
    if (!timedOut && now() >= deadline) timedOut = true;
    return timedOut;
  };

  const arm = () => {
    if (timer || timedOut) return;
    // Timers may fire a little early by `now()`'s clock: checked again on firing.
    timer = setTimeout(onTimer, Math.max(1, Math.ceil(deadline - now())));
    timer.unref();
  };
  const disarm = () => {
    if (timer && running.size === 0 && waiting.length === 0) {
      clearTimeout(timer);
      timer = undefined;
    }
  };
  function onTimer() {
    timer = undefined;
    if (!expired()) return arm();
    for (const entry of [...running, ...waiting.splice(0)]) entry.timeOut();
    running.clear();
    ready.length = 0;
  }

  // Entries given a slot, to start in this slice or the next.
  const ready: Entry[] = [];
  // 'fresh': nothing started yet; 'open': a slice is running; 'turned': the loop has turned since.
  let slice: 'fresh' | 'open' | 'turned' = 'fresh';
  let sliceOpenedAt = 0;
  let sliceStarts = 0;
  let markerPending = false;
  let pumpPending = false;
  let draining = false;

  const loopTurned = () => {
    markerPending = false;
    slice = 'turned';
  };
  const openSlice = () => {
    slice = 'open';
    sliceOpenedAt = now();
    sliceStarts = 0;
    if (!markerPending) {
      markerPending = true;
      setImmediate(loopTurned);
    }
  };
  const pump = () => {
    pumpPending = false;
    openSlice();
    drain();
  };
  const yieldTurn = () => {
    if (pumpPending) return;
    pumpPending = true;
    setImmediate(pump);
  };
  // Starts ready entries while the slice lasts. Not re-entered: an entry whose start fails at once
  // releases its slot from inside this loop, and the loop picks the next entry up.
  function drain() {
    if (draining) return;
    draining = true;
    try {
      while (ready.length > 0) {
        if (slice !== 'open' || sliceStarts >= TURN_SLICE.resolvers || now() - sliceOpenedAt >= TURN_SLICE.ms) return yieldTurn();
        sliceStarts++;
        ready.shift()!.go();
      }
    } finally {
      draining = false;
    }
  }
  const admit = (entry: Entry) => {
    running.add(entry);
    ready.push(entry);
    if (slice === 'fresh') return yieldTurn();
    if (slice === 'turned') openSlice();
    drain();
  };

  const release = (entry: Entry) => {
    running.delete(entry);
    const next = waiting.shift();
    if (next) admit(next);
    disarm();
  };

  return {
    expired,
    checkDeadline(fieldNodes) {
      if (expired()) throw new ExecutionTimeoutError(fieldNodes);
    },
    run(start, fieldNodes) {
      if (expired()) return Promise.reject(new ExecutionTimeoutError(fieldNodes));
      return new Promise((resolve, reject) => {
        let settled = false;
        const settle = (outcome: () => void) => {
          if (settled) return;
          settled = true;
          outcome();
        };
        const entry: Entry = {
          timeOut: () => settle(() => reject(new ExecutionTimeoutError(fieldNodes))),
          go: () => {
            // Timed out while waiting for this turn.
            if (settled) return;
            if (expired()) {
              release(entry);
              return entry.timeOut();
            }
            let result: ReturnType<typeof start>;
            try {
              result = start();
            } catch (error) {
              release(entry);
              return settle(() => reject(error));
            }
            Promise.resolve(result).then(
              (value) => {
                if (settled) return;
                release(entry);
                settle(() => resolve(value));
              },
              (error: unknown) => {
                if (settled) return;
                release(entry);
                settle(() => reject(error));
              },
            );
          },
        };
        arm();
        if (running.size < limits.resolversInFlight) {
          admit(entry);
        } else {
          waiting.push(entry);
        }
      });
    },
  };
}
