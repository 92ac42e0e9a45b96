// How one request's resolvers share the process with every other request. graphql-js calls the
// resolvers of all the fields of a selection set at once: a request of 1,000 aliased `listRides`
// rendered 1,000 templates in one turn of the event loop and queued 1,000 DynamoDB calls ahead of
// every other caller's (the SDK's socket pool is first come, first served), so a getRide sent a moment
// later waited for all of them. Here each request runs a few resolvers at a time, each started on a
// turn of its own (setImmediate, after pending I/O), so other requests' work interleaves with it.
//
// AppSync also bounds a request's run time ("Request execution time for mutations, queries, and
// subscriptions": 30 seconds, AWS AppSync endpoints and quotas); past it a field answers null with
// `errorType: "ExecutionTimeout"`, `message: "Execution timed out."`. Here a resolver that would
// start after the request's time limit answers so, and no further resolver of it starts.
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
  /** Runs `start` when a slot is free, on a later turn of the event loop; rejects with ExecutionTimeoutError past the time limit. */
  run<T>(start: () => T | Promise<T>, fieldNodes?: readonly FieldNode[]): Promise<T>;
}

export function resolverLane(limits: ExecutionLimits, now: () => number = () => performance.now()): ResolverLane {
  const deadline = now() + limits.timeLimitMs;
  const waiting: Array<() => void> = [];
  let running = 0;

  const release = () => {
    running--;
    const next = waiting.shift();
    if (next) {
      running++;
      setImmediate(next);
    }
  };

  return {
    run(start, fieldNodes) {
      return new Promise((resolve, reject) => {
        const go = () => {
          if (now() >= deadline) {
            release();
            return reject(new ExecutionTimeoutError(fieldNodes));
          }
          let result: ReturnType<typeof start>;
          try {
            result = start();
          } catch (error) {
            release();
            return reject(error);
          }
          Promise.resolve(result).then(
            (value) => {
              release();
              resolve(value);
            },
            (error: unknown) => {
              release();
              reject(error);
            },
          );
        };
        if (running < limits.resolversInFlight) {
          running++;
          setImmediate(go);
        } else {
          waiting.push(go);
        }
      });
    },
  };
}
