// Verification codes, delivered offline: there is no email or SMS locally, so a
// "delivery" is a log line, an entry in <dataDir>/codes.json and the
// GET /_local/codes route. Expiry follows Cognito: 24 h for sign-up and
// attribute codes, 1 h for password reset.
import { randomInt, timingSafeEqual } from 'node:crypto';
import type { Context } from './context.js';
import { errors } from './errors.js';
import { TEMPORARY_PASSWORD_VALIDITY_MS } from './passwords.js';
import type { CodePurpose, CodeRecord, UserRecord } from './store.js';
import { userKey } from './users.js';

const HOUR = 3600 * 1000;
export const CODE_VALIDITY_MS: Record<CodePurpose, number> = {
  signUp: 24 * HOUR,
  verifyAttribute: 24 * HOUR,
  forgotPassword: 1 * HOUR,
  temporaryPassword: TEMPORARY_PASSWORD_VALIDITY_MS,
};

export interface CodeDeliveryDetails {
  Destination: string;
  DeliveryMedium: 'EMAIL' | 'SMS';
  AttributeName: string;
}

function codeKey(ctx: Context, username: string, purpose: CodePurpose, attribute?: string): string {
  // JSON, not a joined string: usernames may contain any punctuation.
  return JSON.stringify([userKey(ctx, username), purpose, attribute ?? null]);
}

/** Which verified-or-verifiable address a code for this user goes to, if any. */
export function deliveryAttribute(user: UserRecord, candidates: string[]): 'email' | 'phone_number' | undefined {
  for (const name of candidates) {
    if ((name === 'email' || name === 'phone_number') && user.attributes[name]) return name;
  }
  return undefined;
}

/** Stores a fresh code (replacing any earlier one for the same purpose) and "sends" it. */
export function sendCode(
  ctx: Context,
  user: UserRecord,
  purpose: CodePurpose,
  attribute: 'email' | 'phone_number',
  secret?: string,
): CodeDeliveryDetails {
  const now = ctx.now();
  for (const [key, old] of Object.entries(ctx.state.codes)) if (old.expiresAt <= now) delete ctx.state.codes[key];
  const destination = user.attributes[attribute] ?? '';
  const record: CodeRecord = {
    username: user.username,
    purpose,
    code: secret ?? String(randomInt(0, 1_000_000)).padStart(6, '0'),
    attribute,
    destination,
    createdAt: now,
    expiresAt: now + CODE_VALIDITY_MS[purpose],
  };
  ctx.state.codes[codeKey(ctx, user.username, purpose, purpose === 'verifyAttribute' ? attribute : undefined)] = record;
  ctx.changed();
  const what = purpose === 'temporaryPassword' ? 'temporary password' : `${purpose} code`;
  ctx.log(`[cognito] ${what} for ${user.username} (to ${destination}): ${record.code}`);
  return {
    Destination: mask(destination, attribute),
    DeliveryMedium: attribute === 'email' ? 'EMAIL' : 'SMS',
    AttributeName: attribute,
  };
}

/**
 * Wrong codes allowed per user and purpose before confirmations are refused for CODE_LOCKOUT_MS.
 * Cognito answers LimitExceededException after about five wrong codes and does not publish its
 * numbers; without a limit, a 6-digit code falls to brute force within minutes.
 */
export const MAX_CODE_FAILURES = 5;
export const CODE_LOCKOUT_MS = 15 * 60 * 1000;

/** Checks and consumes a code; a wrong code leaves it usable, as Cognito does, until the attempt limit. */
export function useCode(ctx: Context, user: UserRecord, purpose: CodePurpose, code: string, attribute?: string): void {
  const key = codeKey(ctx, user.username, purpose, attribute);
  const attemptsKey = codeKey(ctx, user.username, purpose);
  const attempts = ctx.codeAttempts.get(attemptsKey);
  const now = ctx.now();
  // During the lockout even the right code is refused: otherwise guessing would just go on.
  if (attempts?.lockedUntil !== undefined && attempts.lockedUntil > now) throw errors.limitExceeded();
  const record = ctx.state.codes[key];
  if (!record || !sameCode(record.code, code)) {
    const failures = (attempts?.lockedUntil !== undefined ? 0 : (attempts?.failures ?? 0)) + 1;
    if (ctx.codeAttempts.size >= 10_000 && !attempts) ctx.codeAttempts.delete(ctx.codeAttempts.keys().next().value as string);
    if (failures >= MAX_CODE_FAILURES) {
      ctx.codeAttempts.set(attemptsKey, { failures: 0, lockedUntil: now + CODE_LOCKOUT_MS });
      ctx.log(`[cognito] ${purpose} confirmations for ${user.username} refused for ${CODE_LOCKOUT_MS / 60_000} minutes after ${failures} wrong codes`);
      throw errors.limitExceeded();
    }
    ctx.codeAttempts.set(attemptsKey, { failures });
    throw errors.codeMismatch();
  }
  ctx.codeAttempts.delete(attemptsKey);
  if (record.expiresAt <= ctx.now()) {
    delete ctx.state.codes[key];
    ctx.changed();
    throw errors.expiredCode();
  }
  delete ctx.state.codes[key];
  ctx.changed();
}

/** Drops every outstanding code of a user (deleted users, or a confirmed sign-up). */
export function forgetCodes(ctx: Context, user: UserRecord, purpose?: CodePurpose): void {
  const owner = userKey(ctx, user.username);
  for (const [key, record] of Object.entries(ctx.state.codes)) {
    if (userKey(ctx, record.username) === owner && (!purpose || record.purpose === purpose)) delete ctx.state.codes[key];
  }
  ctx.changed();
}

/** Outstanding, unexpired codes of a user, newest first. */
export function codesFor(ctx: Context, username: string): CodeRecord[] {
  const owner = userKey(ctx, username);
  const now = ctx.now();
  return Object.values(ctx.state.codes)
    .filter((record) => userKey(ctx, record.username) === owner && record.expiresAt > now)
    .map((record) => ({ ...record }))
    .sort((a, b) => b.createdAt - a.createdAt);
}

function sameCode(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

// Cognito shows where a code went without revealing the address: j***@e***.
function mask(destination: string, attribute: string): string {
  if (attribute === 'email') {
    const [local = '', domain = ''] = destination.split('@');
    return `${local.slice(0, 1)}***@${domain.slice(0, 1)}***`;
  }
  return `+*******${destination.slice(-4)}`;
}
