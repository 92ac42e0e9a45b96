import { forgetCodes } from '../codes.js';
import { checkUserPoolId, type Context } from '../context.js';
import { checkPasswordPolicy, setPassword, TEMPORARY_PASSWORD_VALIDITY_MS } from '../passwords.js';
import { requireUser } from '../users.js';
import { optionalBoolean, PASSWORD_RULE, requiredString, USERNAME_RULE, type Input } from '../validate.js';

export function adminSetUserPassword(input: Input, ctx: Context) {
  checkUserPoolId(input, ctx);
  const user = requireUser(ctx, requiredString(input, 'Username', USERNAME_RULE));
  const password = requiredString(input, 'Password', PASSWORD_RULE);
  const permanent = optionalBoolean(input, 'Permanent') ?? false;
  checkPasswordPolicy(ctx.config.passwordPolicy, password);
  setPassword(ctx, user, password);
  forgetCodes(ctx, user, 'temporaryPassword');
  if (permanent) {
    user.status = 'CONFIRMED';
  } else {
    user.status = 'FORCE_CHANGE_PASSWORD';
    user.temporaryPasswordExpiresAt = ctx.now() + TEMPORARY_PASSWORD_VALIDITY_MS;
  }
  ctx.changed();
  return {};
}
