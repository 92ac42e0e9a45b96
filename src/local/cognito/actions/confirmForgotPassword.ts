import { useCode } from '../codes.js';
import { checkClientId, type Context } from '../context.js';
import { errors } from '../errors.js';
import { checkPasswordPolicy, setPassword } from '../passwords.js';
import { requireUser } from '../users.js';
import { CODE_RULE, PASSWORD_RULE, requiredString, USERNAME_RULE, type Input } from '../validate.js';

export function confirmForgotPassword(input: Input, ctx: Context) {
  checkClientId(input, ctx);
  const user = requireUser(ctx, requiredString(input, 'Username', USERNAME_RULE));
  const code = requiredString(input, 'ConfirmationCode', CODE_RULE);
  const password = requiredString(input, 'Password', PASSWORD_RULE);
  if (!user.enabled) throw errors.notAuthorized('User is disabled.');
  checkPasswordPolicy(ctx.config.passwordPolicy, password);
  useCode(ctx, user, 'forgotPassword', code);
  setPassword(ctx, user, password);
  // A reset also settles an admin-forced reset.
  if (user.status === 'RESET_REQUIRED') user.status = 'CONFIRMED';
  ctx.changed();
  return {};
}
