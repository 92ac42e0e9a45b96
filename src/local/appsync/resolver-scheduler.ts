// How one request's resolvers share the process with every other request. graphql-js calls the
// resolvers of all the fields of a selection set at once: a request of 1,000 aliased `listRides`
// rendered 1,000 templates in one turn of the event loop and queued 1,000 DynamoDB calls ahead of
// every other caller's (the SDK's socket pool is first come, first served), so a getRide sent a moment
// later waited for all of them. Here each request runs a few resolvers at a time, each started on a
// turn of its own (setImmediate, after pending I/O), so other requests' work interleaves with it.
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
   * Runs `start` when a slot is free, on a later turn of the event loop. Rejects with
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
  }

  const release = (entry: Entry) => {
    running.delete(entry);
    const next = waiting.shift();
    if (next) {
      running.add(next);
      setImmediate(next.go);
    }
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
          running.add(entry);
          setImmediate(entry.go);
        } else {
          waiting.push(entry);
        }
      });
    },
  };
}
