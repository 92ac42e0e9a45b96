import { sendCode } from '../codes.js';
import { checkUserPoolId, type Context } from '../context.js';
import { errors } from '../errors.js';
import { requireUser } from '../users.js';
import { optionalStringMap, requiredString, USERNAME_RULE, type Input } from '../validate.js';

// The password stops working (sign-in answers PasswordResetRequiredException) and a reset code goes
// to the verified address; ConfirmForgotPassword with it sets a new password.
export function adminResetUserPassword(input: Input, ctx: Context) {
  checkUserPoolId(input, ctx);
  const user = requireUser(ctx, requiredString(input, 'Username', USERNAME_RULE));
  optionalStringMap(input, 'ClientMetadata');
  if (!user.enabled) throw errors.notAuthorized('User is disabled.');
  if (user.status === 'FORCE_CHANGE_PASSWORD' || user.status === 'UNCONFIRMED') {
    throw errors.notAuthorized('User password cannot be reset in the current state.');
  }
  const attribute = (['email', 'phone_number'] as const).find(
    (name) => user.attributes[name] && user.attributes[`${name}_verified`] === 'true',
  );
  if (!attribute) {
    throw errors.invalidParameter('Cannot reset password for the user as there is no registered/verified email or phone_number');
  }
  user.status = 'RESET_REQUIRED';
  user.updatedAt = ctx.now();
  sendCode(ctx, user, 'forgotPassword', attribute);
  ctx.changed();
  return {};
}
