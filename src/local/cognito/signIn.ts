// What the password flows (SRP, USER_PASSWORD_AUTH) share: the lockout after
// repeated wrong passwords, and the step after a correct one, which is either
// tokens or a NEW_PASSWORD_REQUIRED challenge.
import { randomBytes } from 'node:crypto';
import { rememberPending, type Context } from './context.js';
import { errors } from './errors.js';
import { startSession, type AuthenticationResult } from './sessions.js';
import type { UserRecord } from './store.js';
import { userKey } from './users.js';

export const MAX_FAILED_SIGN_INS = 5;
export const LOCKOUT_MS = 5 * 60 * 1000;
const CHALLENGE_SESSION_MS = 3 * 60 * 1000;

/** Refuses sign-in while the user is locked out or disabled; call before checking the password. */
export function checkCanSignIn(ctx: Context, user: UserRecord): void {
  if (!user.enabled) throw errors.notAuthorized('User is disabled.');
  if (user.lockedUntil !== undefined && user.lockedUntil > ctx.now()) {
    throw errors.notAuthorized('Password attempts exceeded');
  }
}

/** Counts a wrong password; the fifth in a row locks the user for LOCKOUT_MS. */
export function wrongPassword(ctx: Context, user: UserRecord): Error {
  user.failedSignIns += 1;
  ctx.changed();
  if (user.failedSignIns >= MAX_FAILED_SIGN_INS) {
    user.failedSignIns = 0;
    user.lockedUntil = ctx.now() + LOCKOUT_MS;
    return errors.notAuthorized('Password attempts exceeded');
  }
  return errors.notAuthorized('Incorrect username or password.');
}

export type SignInResponse =
  | { ChallengeName: 'NEW_PASSWORD_REQUIRED'; Session: string; ChallengeParameters: Record<string, string> }
  | { AuthenticationResult: AuthenticationResult; ChallengeParameters: Record<string, string> };

/** After the password was proven: the user's status decides what happens next. */
export function passwordAccepted(ctx: Context, user: UserRecord, clientId: string): SignInResponse {
  if (user.failedSignIns !== 0 || user.lockedUntil !== undefined) {
    user.failedSignIns = 0;
    delete user.lockedUntil;
    ctx.changed();
  }
  switch (user.status) {
    case 'UNCONFIRMED':
      throw errors.userNotConfirmed();
    case 'RESET_REQUIRED':
      throw errors.passwordResetRequired();
    case 'FORCE_CHANGE_PASSWORD':
      if (user.temporaryPasswordExpiresAt !== undefined && user.temporaryPasswordExpiresAt <= ctx.now()) {
        throw errors.notAuthorized('Temporary password has expired and must be reset by an administrator.');
      }
      return newPasswordChallenge(ctx, user, clientId);
    case 'CONFIRMED':
      return { AuthenticationResult: startSession(ctx, user, clientId), ChallengeParameters: {} };
  }
}

function newPasswordChallenge(ctx: Context, user: UserRecord, clientId: string): SignInResponse {
  const session = randomBytes(96).toString('base64url');
  rememberPending(ctx.pendingNewPassword, session, {
    userKey: userKey(ctx, user.username),
    clientId,
    expiresAt: ctx.now() + CHALLENGE_SESSION_MS,
  }, ctx.now());
  const missing = ctx.config.requiredAttributes.filter((name) => !user.attributes[name]).map((name) => `userAttributes.${name}`);
  return {
    ChallengeName: 'NEW_PASSWORD_REQUIRED',
    Session: session,
    ChallengeParameters: {
      USER_ID_FOR_SRP: user.username,
      requiredAttributes: JSON.stringify(missing),
      userAttributes: JSON.stringify(user.attributes),
    },
  };
}
