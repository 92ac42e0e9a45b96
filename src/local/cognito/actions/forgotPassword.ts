import { sendCode } from '../codes.js';
import { checkClientId, type Context } from '../context.js';
import { errors } from '../errors.js';
import { requireUser } from '../users.js';
import { requiredString, USERNAME_RULE, type Input } from '../validate.js';

export function forgotPassword(input: Input, ctx: Context) {
  checkClientId(input, ctx);
  const user = requireUser(ctx, requiredString(input, 'Username', USERNAME_RULE));
  if (!user.enabled) throw errors.notAuthorized('User is disabled.');
  // An invited user has only the temporary password; the admin must re-invite or set one.
  if (user.status === 'FORCE_CHANGE_PASSWORD') throw errors.notAuthorized('User password cannot be reset in the current state.');
  // Cognito only sends reset codes to a verified address.
  const attribute = (['email', 'phone_number'] as const).find(
    (name) => user.attributes[name] && user.attributes[`${name}_verified`] === 'true',
  );
  if (!attribute) {
    throw errors.invalidParameter('Cannot reset password for the user as there is no registered/verified email or phone_number');
  }
  return { CodeDeliveryDetails: sendCode(ctx, user, 'forgotPassword', attribute) };
}
