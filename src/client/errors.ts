/**
 * The errors the client throws. Every one is a `WildRydesError` with a `kind` to switch on (or use
 * `instanceof`), a message that says what to do, and, for API errors, the GraphQL errors the server
 * returned (each with its `path` and `errorType`).
 */

/** One error of a GraphQL response, as AppSync reports it. */
export interface ApiErrorDetail {
  message: string;
  /** AppSync's error type: `Unauthorized`, `UnauthorizedException`, `DynamoDB:ConditionalCheckFailedException`, ... */
  errorType: string | null;
  /** Where in the result the error happened, e.g. `["getRide", "dispatcherNote"]`. */
  path: readonly (string | number)[] | null;
}

export type WildRydesErrorKind =
  | 'NotSignedIn'
  | 'NotAuthorized'
  | 'Validation'
  | 'Conflict'
  | 'Network'
  | 'Api'
  | 'Auth'
  | 'Configuration';

interface ErrorDetails {
  /** The operation that failed, e.g. `RequestRide` or `signIn`. */
  operation?: string;
  errors?: readonly ApiErrorDetail[];
  /** Whatever data the server returned alongside the errors (partial results). */
  data?: unknown;
  cause?: unknown;
}

export abstract class WildRydesError extends Error {
  abstract readonly kind: WildRydesErrorKind;
  readonly operation: string | undefined;
  readonly errors: readonly ApiErrorDetail[];
  readonly data: unknown;

  constructor(message: string, details: ErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.operation = details.operation;
    this.errors = details.errors ?? [];
    this.data = details.data;
  }

  /** The `errorType` of the first error, if the server gave one. */
  get errorType(): string | null {
    return this.errors[0]?.errorType ?? null;
  }

  /** The `path` of the first error that has one. */
  get path(): readonly (string | number)[] | null {
    return this.errors.find((e) => e.path)?.path ?? null;
  }
}

/** Nobody is signed in, or the API refused the session's token (HTTP 401): sign in (again). */
export class NotSignedInError extends WildRydesError {
  override name = 'NotSignedInError';
  readonly kind = 'NotSignedIn';
}

/** The signed-in user may not do this (AppSync `Unauthorized`); nothing was written. */
export class NotAuthorizedError extends WildRydesError {
  override name = 'NotAuthorizedError';
  readonly kind = 'NotAuthorized';
}

/** The input does not fit the schema (wrong scalar, missing field); nothing was written. */
export class ValidationError extends WildRydesError {
  override name = 'ValidationError';
  readonly kind = 'Validation';
}

/** The item does not exist or no longer matches the operation's condition. */
export class ConflictError extends WildRydesError {
  override name = 'ConflictError';
  readonly kind = 'Conflict';
}

/** The API or the user pool could not be reached. */
export class NetworkError extends WildRydesError {
  override name = 'NetworkError';
  readonly kind = 'Network';
}

/**
 * The server's TLS certificate is not one this process trusts (the local cloud's own certificate
 * authority, say): a NetworkError, with the origin and what to do in its message.
 */
export class UntrustedCertificateError extends NetworkError {
  override name = 'UntrustedCertificateError';
}

/** Any other error the API returned. */
export class ApiError extends WildRydesError {
  override name = 'ApiError';
  readonly kind = 'Api';
}

/** Cognito refused an auth action; `code` is Cognito's exception name, e.g. `NotAuthorizedException`. */
export class AuthError extends WildRydesError {
  override name = 'AuthError';
  readonly kind = 'Auth';
  readonly code: string;

  constructor(code: string, message: string, details: ErrorDetails = {}) {
    super(message, details);
    this.code = code;
  }
}

/** The client configuration is missing or not one the client understands. */
export class ConfigurationError extends WildRydesError {
  override name = 'ConfigurationError';
  readonly kind = 'Configuration';
}
