import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { Hub } from 'aws-amplify/utils';
import { classifyApiError } from './classify-error.js';
import type { WildRydesClient } from './create-client.js';
import { operationOf } from './operation-document.js';

/**
 * A live subscription: an async iterator of events (`for await (const ride of sub)`), a promise that
 * says when the server has started delivering, and `close()`. Breaking out of a `for await` loop
 * closes it too.
 */
export interface LiveSubscription<TEvent> extends AsyncIterableIterator<TEvent> {
  /**
   * Resolves when the server has acknowledged the subscription: changes made after that are
   * delivered. Rejects if the subscription fails first.
   */
  readonly ready: Promise<void>;
  /** Stops the subscription; iteration ends after the events already received. Safe to call twice. */
  close(): void;
}

interface AmplifySubscription {
  unsubscribe(): void;
}
interface AmplifyObservable<T> {
  subscribe(observer: { next(value: T): void; error(error: unknown): void; complete(): void }): AmplifySubscription;
}

/**
 * Subscribes to a generated subscription document as the client's signed-in user. `pick` chooses what each
 * event yields (the changed item, usually); an event for which it returns null or undefined is skipped.
 */
export function subscribe<TResult, TVariables extends Record<string, unknown>, TEvent = TResult>(
  client: WildRydesClient,
  document: TypedDocumentNode<TResult, TVariables>,
  variables: NoInfer<TVariables>,
  pick: (data: TResult) => TEvent | null | undefined = (data) => data as unknown as TEvent,
): LiveSubscription<TEvent> {
  const { name, type } = operationOf(document);
  if (type !== 'subscription') throw new TypeError(`${name} is a ${type}: use runOperation() for it`);

  const received: TEvent[] = [];
  const waiting: { resolve(result: IteratorResult<TEvent>): void; reject(error: unknown): void }[] = [];
  let failure: unknown;
  let ended = false;

  let acknowledge!: () => void;
  let refuse!: (error: unknown) => void;
  const ready = new Promise<void>((resolve, reject) => {
    acknowledge = resolve;
    refuse = reject;
  });
  // Nobody has to await `ready`; its rejection is also delivered through the iterator.
  ready.catch(() => {});

  // Amplify reports the server's start_ack only on its Hub, with the variables object it was given
  // (the same object, not a copy). A copy made here is therefore this subscription's own marker,
  // even when another user subscribes to the same operation with equal variables.
  const sent: TVariables = { ...variables };
  const stopListening = Hub.listen('api', ({ payload }) => {
    if (payload.event !== 'Subscription ack' || (payload.data as { variables?: unknown } | undefined)?.variables !== sent) return;
    stopListening();
    acknowledge();
  });

  const finish = (error?: unknown): void => {
    if (ended) return;
    ended = true;
    stopListening();
    refuse(error ?? new Error(`${name} was closed before the server acknowledged it`));
    const waiters = waiting.splice(0);
    // Reported once: to whoever is waiting now, or else to the next call of next().
    if (error !== undefined && waiters.length === 0) failure = error;
    for (const waiter of waiters) {
      if (error !== undefined) waiter.reject(error);
      else waiter.resolve({ value: undefined, done: true });
    }
  };

  let subscription: AmplifySubscription | undefined;
  try {
    const observable = client.api.graphql({ query: document, variables: sent, authMode: 'userPool' }) as AmplifyObservable<{ data: TResult }>;
    subscription = observable.subscribe({
      next: ({ data }) => {
        const event = pick(data);
        if (event === null || event === undefined || ended) return;
        const waiter = waiting.shift();
        if (waiter) waiter.resolve({ value: event, done: false });
        else received.push(event);
      },
      error: (error) => finish(classifyApiError(error, name, client.config.API?.GraphQL?.endpoint)),
      complete: () => finish(),
    });
  } catch (error) {
    finish(classifyApiError(error, name, client.config.API?.GraphQL?.endpoint));
  }

  const close = (): void => {
    subscription?.unsubscribe();
    finish();
  };

  const live: LiveSubscription<TEvent> = {
    ready,
    close,
    next() {
      const event = received.shift();
      if (event !== undefined) return Promise.resolve({ value: event, done: false });
      if (failure !== undefined) {
        const error = failure;
        failure = undefined;
        return Promise.reject(error);
      }
      if (ended) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
    },
    return() {
      close();
      return Promise.resolve({ value: undefined, done: true });
    },
    [Symbol.asyncIterator]() {
      return live;
    },
  };
  return live;
}
