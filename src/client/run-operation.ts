import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { classifyApiError } from './classify-error.js';
import type { WildRydesClient } from './create-client.js';
import { operationOf, type VariablesArgument } from './operation-document.js';

/**
 * Runs a generated query or mutation as the client's signed-in user (Cognito user pool auth) and
 * returns its typed result.
 *
 * Amplify's `client.graphql` types its result only for its own branded strings, not for a
 * `TypedDocumentNode`, and throws the whole response when it has errors; this is the one place that
 * bridges both. A response with any error becomes a typed error (see classify-error.ts) that
 * carries the partial data.
 */
export async function runOperation<TResult, TVariables extends Record<string, unknown>>(
  client: WildRydesClient,
  document: TypedDocumentNode<TResult, TVariables>,
  ...[variables]: VariablesArgument<NoInfer<TVariables>>
): Promise<TResult> {
  const { name, type } = operationOf(document);
  if (type === 'subscription') throw new TypeError(`${name} is a subscription: use subscribe() for it`);
  let response: { data?: unknown; errors?: unknown[] };
  try {
    response = (await client.api.graphql({ query: document, variables: variables ?? {}, authMode: 'userPool' })) as typeof response;
  } catch (error) {
    throw classifyApiError(error, name, client.config.API?.GraphQL?.endpoint);
  }
  // Amplify throws on errors already; this covers a response whose errors it let through.
  if (response.errors && response.errors.length > 0) throw classifyApiError(response, name);
  return response.data as TResult;
}
