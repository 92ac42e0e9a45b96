// The CLI's failures: one line that says what went wrong and what to do, and an exit code.
import { WildRydesError } from '../client/index.js';

/** Exit codes: 1 for a failure, 2 for a command line the CLI does not understand. */
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** A failure already worded for the operator. */
export class CliError extends Error {
  override name = 'CliError';
  constructor(
    message: string,
    readonly exitCode = EXIT_FAILURE,
  ) {
    super(message);
  }
}

/** A command line the CLI does not understand; the command's usage is printed after it. */
export class UsageError extends CliError {
  override name = 'UsageError';
  constructor(
    message: string,
    readonly usage: string,
  ) {
    super(message, EXIT_USAGE);
  }
}

/** What an error is about, for wording it: the endpoints of the backend the command talks to. */
export interface ErrorContext {
  /** The local cloud (client-config.json with a userPoolEndpoint) rather than a deployed backend. */
  local: boolean;
  /** Where the Cognito admin API is: the local pool's URL, or "Cognito in <region>". */
  cognito: string;
  graphql: string;
  configPath: string;
}

const NOT_RUNNING = 'the local cloud is not running: start it with `npm start`';

/** Node's socket error codes that mean nothing answers at that address. */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT']);
/** Node's TLS error codes that mean the server's certificate is not trusted. */
const UNTRUSTED = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_SIGNATURE_FAILURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** The socket or TLS error code anywhere in an error's cause chain (fetch wraps it in `cause`). */
export function networkCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 6; depth++) {
    const record = e as { code?: unknown; cause?: unknown; errors?: unknown };
    if (typeof record.code === 'string' && (UNREACHABLE.has(record.code) || UNTRUSTED.has(record.code))) return record.code;
    if (Array.isArray(record.errors)) {
      const inner = record.errors.map(networkCode).find((code) => code !== undefined);
      if (inner) return inner;
    }
    e = record.cause;
  }
  return undefined;
}

export function unreachableError(ctx: ErrorContext, where: string, code: string): CliError {
  if (UNTRUSTED.has(code)) {
    return new CliError(
      `the certificate of ${where} is not trusted (${code}): give the local cloud's CA with --ca <path> ` +
        '(`npm start` keeps it in amplify/mock-data/tls/ca.pem; WILDRYDES_CA works too)',
    );
  }
  if (ctx.local) return new CliError(`${NOT_RUNNING} (nothing answers at ${where}; configuration ${ctx.configPath})`);
  return new CliError(`could not reach ${where} (${code}): check the network and the configuration ${ctx.configPath}`);
}

/** Cognito's exception names, worded for the operator; the pool's own message is kept. */
function cognitoMessage(name: string, message: string, ctx: ErrorContext): string | undefined {
  switch (name) {
    case 'UsernameExistsException':
      return undefined; // worded by the command, which knows the name
    case 'InvalidPasswordException':
      return `the user pool refused the password: ${message} (choose a stronger one, or leave out --password to have one generated)`;
    case 'ResourceNotFoundException':
      return /User pool .* does not exist/i.test(message)
        ? `${message} The configuration ${ctx.configPath} does not match the user pool at ${ctx.cognito}: ` +
            (ctx.local ? 'restart `npm start` so that it rewrites it, or give the right --config' : 'give the right --config')
        : `${message}`;
    case 'CredentialsProviderError':
      return `no AWS credentials for the admin API of ${ctx.cognito}: configure them (aws configure, AWS_PROFILE or AWS_ACCESS_KEY_ID) (${message})`;
    case 'AccessDeniedException':
    case 'UnrecognizedClientException':
    case 'InvalidSignatureException':
    case 'ExpiredTokenException':
      return `the AWS credentials may not call the Cognito admin API of ${ctx.cognito} (${name}): ${message}`;
    case 'TooManyRequestsException':
    case 'LimitExceededException':
      return `the user pool is throttling requests (${name}): wait a moment and retry`;
    default:
      return undefined;
  }
}

/** Turns any failure into one actionable line. */
export function toCliError(error: unknown, ctx: ErrorContext | undefined): CliError {
  if (error instanceof CliError) return error;
  const code = networkCode(error);
  if (code && ctx) {
    // Which server: the GraphQL endpoint's errors come through the SDK (WildRydesError).
    const where = error instanceof WildRydesError ? ctx.graphql : ctx.cognito;
    return unreachableError(ctx, where, code);
  }
  if (error instanceof WildRydesError) {
    if (error.kind === 'Network' && ctx) {
      return ctx.local ? new CliError(`${NOT_RUNNING} (${error.message})`) : new CliError(error.message);
    }
    return new CliError(error.message);
  }
  const e = error as { name?: unknown; message?: unknown };
  const name = typeof e?.name === 'string' ? e.name : 'Error';
  const message = typeof e?.message === 'string' ? e.message : String(error);
  const worded = ctx ? cognitoMessage(name, message, ctx) : undefined;
  return new CliError(worded ?? (name !== 'Error' ? `${message} (${name})` : message));
}
