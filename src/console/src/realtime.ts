// Subscriptions for GraphiQL over AppSync's real-time protocol (not graphql-ws's): the token goes in
// the connection URL's `header` parameter and again in each start message.
import type { GraphiQLProps } from 'graphiql';

type FetcherReturnType = ReturnType<GraphiQLProps['fetcher']>;

function base64(text: string): string {
  return btoa(String.fromCharCode(...new TextEncoder().encode(text)));
}

export function subscribe(realtimeUrl: string, graphqlUrl: string, token: string, query: string, variables: unknown): FetcherReturnType {
  const host = new URL(graphqlUrl).host;
  const authorization = { host, Authorization: token };
  const url = `${realtimeUrl}?header=${encodeURIComponent(base64(JSON.stringify(authorization)))}&payload=e30=`;
  const queue: unknown[] = [];
  let wake: (() => void) | undefined;
  let done = false;
  const push = (value: unknown) => {
    queue.push(value);
    wake?.();
  };
  const id = crypto.randomUUID();
  const socket = new WebSocket(url, ['graphql-ws']);
  socket.onopen = () => socket.send(JSON.stringify({ type: 'connection_init' }));
  socket.onmessage = (event) => {
    const message = JSON.parse(String(event.data)) as { type: string; id?: string; payload?: { data?: unknown; errors?: unknown[] } };
    if (message.type === 'connection_ack') {
      socket.send(JSON.stringify({ id, type: 'start', payload: { data: JSON.stringify({ query, variables }), extensions: { authorization } } }));
    } else if (message.type === 'start_ack') {
      push({ data: null, extensions: { subscription: 'started: waiting for events' } });
    } else if (message.type === 'data') {
      push(message.payload);
    } else if (message.type === 'error' || message.type === 'connection_error') {
      push({ errors: message.payload?.errors ?? [message.payload] });
      done = true;
      socket.close();
    } else if (message.type === 'complete') {
      done = true;
      wake?.();
    }
  };
  socket.onclose = (event) => {
    if (!done) push({ errors: [{ message: `The real-time connection closed (${event.code}${event.reason ? `: ${event.reason}` : ''})` }] });
    done = true;
    wake?.();
  };
  const iterator: AsyncIterableIterator<unknown> = {
    [Symbol.asyncIterator]: () => iterator,
    async next() {
      while (queue.length === 0 && !done) await new Promise<void>((resolve) => (wake = resolve));
      if (queue.length > 0) return { value: queue.shift(), done: false };
      return { value: undefined, done: true };
    },
    async return() {
      done = true;
      if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ type: 'stop', id }));
      socket.close();
      return { value: undefined, done: true };
    },
  };
  return iterator as FetcherReturnType;
}
