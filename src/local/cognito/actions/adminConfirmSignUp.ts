import { forgetCodes } from '../codes.js';
import { checkUserPoolId, type Context } from '../context.js';
import { errors } from '../errors.js';
import type { UserRecord } from '../store.js';
import { requireUser } from '../users.js';
import { requiredString, USERNAME_RULE, type Input } from '../validate.js';

export function adminConfirmSignUp(input: Input, ctx: Context) {
  checkUserPoolId(input, ctx);
  const user = requireUser(ctx, requiredString(input, 'Username', USERNAME_RULE));
  if (user.status !== 'UNCONFIRMED') {
    throw errors.notAuthorized(`User cannot be confirmed. Current status is ${user.status}`);
  }
  confirmUser(ctx, user);
  return {};
}

export function confirmUser(ctx: Context, user: UserRecord): void {
  user.status = 'CONFIRMED';
  user.updatedAt = ctx.now();
  forgetCodes(ctx, user, 'signUp');
  ctx.changed();
}
