// A live subscription inside a component: opened on mount, closed on unmount, and its state
// ("connecting", "live", "lost") shown to the person, with a retry when the connection drops.
import { useEffect, useRef, useState } from 'react';
import type { LiveSubscription } from '../client/index.js';
import { describeError, type Problem } from './describe-error.js';

export type LiveState = 'connecting' | 'live' | 'lost';

export function useLive<T>(open: () => LiveSubscription<T>, onEvent: (event: T) => void, what: string): { state: LiveState; problem: Problem | null; retry(): void } {
  const [state, setState] = useState<LiveState>('connecting');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [attempt, setAttempt] = useState(0);
  const handler = useRef(onEvent);
  handler.current = onEvent;

  useEffect(() => {
    setState('connecting');
    setProblem(null);
    const live = open();
    let closed = false;
    live.ready.then(() => !closed && setState('live'), () => {});
    (async () => {
      try {
        for await (const event of live) handler.current(event);
      } catch (error) {
        if (closed) return;
        setState('lost');
        setProblem(describeError(error, `receiving ${what}`));
      }
    })();
    return () => {
      closed = true;
      live.close();
    };
    // `open` is a new function each render; the subscription depends only on the attempt.
  }, [attempt]);

  return { state, problem, retry: () => setAttempt((n) => n + 1) };
}

export function LiveLabel({ state, what }: { state: LiveState; what: string }) {
  const text = state === 'live' ? `Live: ${what} appear here as they happen` : state === 'connecting' ? `Connecting to live ${what}…` : `Live ${what} are off`;
  return <p className={`live live-${state}`} role="status">{text}</p>;
}
