// The pool's password policy, and setting a password (which stores only the SRP
// salt and verifier: the password itself never reaches the state file).
import { randomInt } from 'node:crypto';
import type { PasswordPolicy } from './config.js';
import type { Context } from './context.js';
import { errors } from './errors.js';
import { createVerifier } from './srp.js';
import type { UserRecord } from './store.js';

// The characters Cognito counts as symbols.
const SYMBOLS = '^$*.[]{}()?"!@#%&/\\,><\':;|_~`=+- ';

export function checkPasswordPolicy(policy: PasswordPolicy, password: string): void {
  if (password.length < policy.minLength) throw errors.invalidPassword('Password not long enough');
  if (policy.requireLowercase && !/[a-z]/.test(password)) throw errors.invalidPassword('Password must have lowercase characters');
  if (policy.requireUppercase && !/[A-Z]/.test(password)) throw errors.invalidPassword('Password must have uppercase characters');
  if (policy.requireNumbers && !/[0-9]/.test(password)) throw errors.invalidPassword('Password must have numeric characters');
  if (policy.requireSymbols && ![...password].some((c) => SYMBOLS.includes(c))) {
    throw errors.invalidPassword('Password must have symbol characters');
  }
}

export const TEMPORARY_PASSWORD_VALIDITY_MS = 7 * 24 * 3600 * 1000;

/** A temporary password that satisfies any policy the pool can have. */
export function generateTemporaryPassword(policy: PasswordPolicy): string {
  const pick = (chars: string) => chars[randomInt(chars.length)]!;
  const lower = 'abcdefghijkmnopqrstuvwxyz';
  const upper = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
  const digits = '23456789';
  const symbols = '!#%*+-=?@^_';
  const chars = [pick(lower), pick(upper), pick(digits), pick(symbols)];
  const all = lower + upper + digits;
  while (chars.length < Math.max(policy.minLength, 12)) chars.push(pick(all));
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join('');
}

export function setPassword(ctx: Context, user: UserRecord, password: string): void {
  user.password = createVerifier(ctx.poolName, user.username, password);
  user.failedSignIns = 0;
  delete user.lockedUntil;
  delete user.temporaryPasswordExpiresAt;
  user.updatedAt = ctx.now();
}
