import { untrustedCertificate } from './certificate-failure.js';
import {
  ApiError,
  ConflictError,
  NetworkError,
  NotAuthorizedError,
  NotSignedInError,
  ValidationError,
  WildRydesError,
  type ApiErrorDetail,
} from './errors.js';

/**
 * Turns whatever Amplify's GraphQL client threw into one of the client's typed errors.
 *
 * Amplify throws three shapes: the response itself (`{data, errors}`) when the server returned
 * errors; the same shape with one synthetic error wrapping the HTTP failure (`originalError`: a
 * network error, or an HTTP error whose body holds AppSync's own errors); and a bare error when it
 * could not even build the request (no signed-in user). `endpoint` (the API's URL) names the server
 * whose certificate was refused, when that is the failure.
 */
export function classifyApiError(thrown: unknown, operation: string, endpoint?: string): WildRydesError {
  if (thrown instanceof WildRydesError) return thrown;
  const certificate = untrustedCertificate(thrown, endpoint, operation);
  if (certificate) return certificate;
  const response = asRecord(thrown);
  const rawErrors = Array.isArray(response?.errors) ? (response.errors as unknown[]) : undefined;
  if (!rawErrors) return classifyBareError(thrown, operation);

  const data = response?.data;
  let httpStatus: number | undefined;
  let networkFailure = false;
  const errors: ApiErrorDetail[] = [];
  for (const raw of rawErrors) {
    const original = asRecord(asRecord(raw)?.originalError);
    if (original?.name === 'NetworkError') networkFailure = true;
    const http = httpFailure(original);
    if (http) {
      httpStatus = http.status;
      errors.push(...http.errors);
    } else {
      errors.push(...realtimeFailure(raw) ?? [toDetail(raw)]);
    }
  }
  const details = { operation, errors, data, cause: thrown };
  const where = describePaths(errors);

  if (networkFailure) {
    return new NetworkError(
      `${operation}: the API could not be reached. Check API.GraphQL.endpoint in the configuration and that the server is running.`,
      details,
    );
  }
  if (httpStatus === 401 || errors.some((e) => e.errorType === 'UnauthorizedException')) {
    return new NotSignedInError(
      `${operation}: the API refused the session's token (${httpStatus ?? 401} UnauthorizedException). Sign in again.`,
      details,
    );
  }
  if (errors.some((e) => e.errorType === 'Unauthorized' || e.message === 'Unauthorized' || /^Not Authorized to access/.test(e.message))) {
    return new NotAuthorizedError(
      `${operation}: not authorized${where}. The signed-in user's role (owner, passenger, Dispatchers, Admins) does not allow it.`,
      details,
    );
  }
  if (errors.some(isValidationError)) {
    return new ValidationError(`${operation}: invalid input: ${errors[0]?.message ?? 'rejected by the schema'}`, details);
  }
  if (errors.some((e) => e.errorType?.endsWith('ConditionalCheckFailedException'))) {
    return new ConflictError(
      `${operation}: the item does not exist, already exists, or no longer matches${where}. Read it again before retrying.`,
      details,
    );
  }
  return new ApiError(`${operation}: ${errors.map((e) => e.message).join('; ') || 'the API returned an error'}${where}`, details);
}

function classifyBareError(thrown: unknown, operation: string): WildRydesError {
  const error = asRecord(thrown);
  const name = typeof error?.name === 'string' ? error.name : '';
  const message = typeof error?.message === 'string' ? error.message : String(thrown);
  if (name === 'NoSignedUser' || name === 'NoValidAuthTokens' || name === 'UserUnAuthenticatedException') {
    return new NotSignedInError(`${operation}: no user is signed in. Call signIn() first.`, { operation, cause: thrown });
  }
  if (name === 'NetworkError') {
    return new NetworkError(`${operation}: the server could not be reached (${message}).`, { operation, cause: thrown });
  }
  return new ApiError(`${operation}: ${message}`, { operation, cause: thrown });
}

/** An HTTP error response: its status and AppSync's errors from the body, when it has any. */
function httpFailure(original: Record<string, unknown> | undefined): { status: number; errors: ApiErrorDetail[] } | undefined {
  const response = asRecord(original?.response);
  if (typeof response?.statusCode !== 'number') return undefined;
  const fallback: ApiErrorDetail = {
    message: typeof original?.message === 'string' ? original.message : `HTTP ${response.statusCode}`,
    errorType: typeof original?.name === 'string' && original.name !== 'UnknownError' ? original.name : null,
    path: null,
  };
  let bodyErrors: ApiErrorDetail[] = [];
  if (typeof response.body === 'string') {
    try {
      const body = asRecord(JSON.parse(response.body));
      if (Array.isArray(body?.errors)) bodyErrors = body.errors.map(toDetail);
    } catch {
      // Not JSON (a proxy's error page, say): the status and Amplify's message are all there is.
    }
  }
  return { status: response.statusCode, errors: bodyErrors.length > 0 ? bodyErrors : [fallback] };
}

/**
 * A subscription the server refused: Amplify reports it as one error whose message is
 * `Connection failed: ` followed by the server's message as JSON; its errors are the real ones.
 */
function realtimeFailure(raw: unknown): ApiErrorDetail[] | undefined {
  const message = asRecord(raw)?.message;
  const json = typeof message === 'string' ? /^Connection failed: (\{.*\})$/s.exec(message)?.[1] : undefined;
  if (!json) return undefined;
  try {
    const payload = asRecord(JSON.parse(json));
    const errors = payload?.errors ?? asRecord(payload?.payload)?.errors;
    return Array.isArray(errors) && errors.length > 0 ? errors.map(toDetail) : undefined;
  } catch {
    return undefined;
  }
}

function toDetail(raw: unknown): ApiErrorDetail {
  const error = asRecord(raw);
  const extensions = asRecord(error?.extensions);
  const errorType = error?.errorType ?? extensions?.errorType ?? extensions?.code;
  const path = Array.isArray(error?.path) ? (error.path as (string | number)[]) : null;
  return {
    message: typeof error?.message === 'string' ? error.message : String(raw),
    errorType: typeof errorType === 'string' ? errorType : null,
    path,
  };
}

// AppSync names its parse and validation failures inconsistently (an errorType for some, only the
// message for others, graphql-js's wording locally), so both are looked at.
function isValidationError(error: ApiErrorDetail): boolean {
  // A data source's own ValidationException (DynamoDB:ValidationException) is the backend's fault,
  // not the caller's input.
  if (error.errorType?.startsWith('DynamoDB:')) return false;
  if (error.errorType && /Validation|BadRequest|MalformedHttpRequest|GRAPHQL_VALIDATION_FAILED|BAD_USER_INPUT/i.test(error.errorType)) return true;
  return /^Validation error|got invalid value|Expected type|invalid value|was not provided|Cannot query field|Unknown argument/i.test(error.message);
}

function describePaths(errors: readonly ApiErrorDetail[]): string {
  const paths = errors.filter((e) => e.path).map((e) => e.path!.join('.'));
  return paths.length > 0 ? ` (at ${[...new Set(paths)].join(', ')})` : '';
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
}
