import {
  confirmSignUp as amplifyConfirmSignUp,
  fetchAuthSession,
  resendSignUpCode as amplifyResendSignUpCode,
  signIn as amplifySignIn,
  signOut as amplifySignOut,
  signUp as amplifySignUp,
} from 'aws-amplify/auth';
import { untrustedCertificate } from './certificate-failure.js';
import type { WildRydesClient } from './create-client.js';
import { AuthError, NetworkError, WildRydesError } from './errors.js';

/** Registers a user; Cognito emails a confirmation code (see confirmSignUp). */
export async function signUp(
  client: WildRydesClient,
  input: { username: string; password: string; email: string },
): Promise<{ userId: string | undefined; confirmed: boolean }> {
  try {
    const result = await amplifySignUp(client.amplify, {
      username: input.username,
      password: input.password,
      options: { userAttributes: { email: input.email } },
    });
    return { userId: result.userId, confirmed: result.isSignUpComplete };
  } catch (error) {
    throw authError(client, error, 'signUp');
  }
}

export async function confirmSignUp(client: WildRydesClient, input: { username: string; code: string }): Promise<void> {
  try {
    await amplifyConfirmSignUp(client.amplify, { username: input.username, confirmationCode: input.code });
  } catch (error) {
    throw authError(client, error, 'confirmSignUp');
  }
}

export async function resendSignUpCode(client: WildRydesClient, username: string): Promise<void> {
  try {
    await amplifyResendSignUpCode(client.amplify, { username });
  } catch (error) {
    throw authError(client, error, 'resendSignUpCode');
  }
}

/**
 * Signs in with username and password (Cognito SRP: the password never leaves the process). The
 * tokens go to the client's token storage; every later call of this client acts as this user.
 */
export async function signIn(client: WildRydesClient, input: { username: string; password: string }): Promise<void> {
  let step: string;
  try {
    const result = await amplifySignIn(client.amplify, { username: input.username, password: input.password });
    step = result.nextStep.signInStep;
  } catch (error) {
    throw authError(client, error, 'signIn');
  }
  if (step === 'DONE') return;
  if (step === 'CONFIRM_SIGN_UP') {
    throw new AuthError('UserNotConfirmedException', `signIn: ${input.username} has not confirmed the sign-up yet: call confirmSignUp with the emailed code`, {
      operation: 'signIn',
    });
  }
  throw new AuthError('UnsupportedChallenge', `signIn: the user pool asks for ${step}, which this client does not handle`, { operation: 'signIn' });
}

/** Signs out: revokes the refresh token and forgets the tokens. */
export async function signOut(client: WildRydesClient): Promise<void> {
  try {
    await amplifySignOut(client.amplify);
  } catch (error) {
    throw authError(client, error, 'signOut');
  }
  // Amplify starts removing the tokens from storage without waiting for it. Reading the session
  // again queues behind those removals in a storage that runs calls in order (fileTokenStorage
  // does), so once signOut returns the session is gone from disk too.
  await fetchAuthSession(client.amplify).catch(() => undefined);
}

const hints: Record<string, string> = {
  NotAuthorizedException: 'wrong username or password (or the user is disabled)',
  UserNotFoundException: 'wrong username or password',
  UserNotConfirmedException: 'the user has not confirmed the sign-up: call confirmSignUp with the emailed code',
  UsernameExistsException: 'that username is taken: choose another, or sign in',
  CodeMismatchException: 'wrong confirmation code: check it, or ask for a new one with resendSignUpCode',
  ExpiredCodeException: 'the confirmation code has expired: ask for a new one with resendSignUpCode',
  InvalidPasswordException: 'the password does not meet the pool policy (at least 8 characters)',
  UserAlreadyAuthenticatedException: 'this client is already signed in: call signOut first, or use another client',
  LimitExceededException: 'too many attempts: wait a moment and retry',
};

function authError(client: WildRydesClient, error: unknown, operation: string): WildRydesError {
  const e = error as { name?: unknown; message?: unknown };
  const code = typeof e?.name === 'string' ? e.name : 'UnknownError';
  const message = typeof e?.message === 'string' ? e.message : String(error);
  if (code === 'NetworkError') {
    const cognito = client.config.Auth?.Cognito;
    const endpoint = cognito?.userPoolEndpoint ?? (cognito?.userPoolId ? `https://cognito-idp.${cognito.userPoolId.split('_')[0]}.amazonaws.com` : undefined);
    const certificate = untrustedCertificate(error, endpoint, operation);
    if (certificate) return certificate;
    return new NetworkError(`${operation}: the user pool could not be reached. Check Auth.Cognito (userPoolEndpoint) in the configuration.`, {
      operation,
      cause: error,
    });
  }
  return new AuthError(code, `${operation}: ${hints[code] ?? message} (${code})`, { operation, cause: error });
}
