// Error bodies as AppSync sends them: request-level errors (HTTP 4xx, `errors` only, with an
// `errorType` such as UnauthorizedException) and GraphQL errors (HTTP 200, next to `data`).

/** One entry of `errors[]` in a GraphQL response. */
export interface AppSyncGraphQLError {
  path: Array<string | number> | null;
  data?: unknown;
  errorType?: string | null;
  errorInfo?: unknown;
  locations: Array<{ line: number; column: number; sourceName: null }> | null;
  message: string;
}

export interface AppSyncResponseBody {
  data?: unknown;
  errors?: AppSyncGraphQLError[];
}

/** A request refused before execution: `{"errors":[{"errorType":..., "message":...}]}`. */
export function requestError(errorType: string, message: string): { errors: Array<{ errorType: string; message: string }> } {
  return { errors: [{ errorType, message }] };
}

interface ErrorLike {
  message?: string;
  path?: ReadonlyArray<string | number>;
  locations?: ReadonlyArray<{ line: number; column: number }>;
  extensions?: Record<string, unknown>;
  originalError?: ErrorLike | null;
}

/**
 * A validation or syntax error: AppSync reports them without `data`, `errorType` or `errorInfo`.
 * (The message is graphql-js's, not graphql-java's.)
 */
export function validationError(error: ErrorLike): AppSyncGraphQLError {
  return { path: null, locations: locationsOf(error.locations), message: error.message ?? String(error) };
}

/**
 * An error raised while executing: a template's `$util.error`/`$util.unauthorized` (the simulator
 * keeps AppSync's fields in `extensions`), a DynamoDB error, or a graphql-js execution error.
 */
export function executionError(error: ErrorLike): AppSyncGraphQLError {
  const template = error.extensions && 'errorType' in error.extensions ? error.extensions : error.originalError?.extensions;
  if (template && 'errorType' in template) {
    return {
      path: (template.path as Array<string | number> | undefined) ?? (error.path ? [...error.path] : null),
      data: template.data ?? null,
      errorType: (template.errorType as string | null | undefined) ?? null,
      errorInfo: template.errorInfo ?? null,
      locations: locationsOf(template.locations as ErrorLike['locations']),
      message: String(template.message ?? error.message),
    };
  }
  return {
    path: error.path ? [...error.path] : null,
    data: null,
    errorType: null,
    errorInfo: null,
    locations: locationsOf(error.locations),
    message: error.message ?? String(error),
  };
}

function locationsOf(locations: ErrorLike['locations'] | undefined): AppSyncGraphQLError['locations'] {
  // The simulator puts `[]` in place of a location it could not find.
  const real = (locations ?? []).filter((l) => l && typeof l.line === 'number');
  return real.length ? real.map(({ line, column }) => ({ line, column, sourceName: null })) : null;
}
