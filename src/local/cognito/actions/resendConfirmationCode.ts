import { deliveryAttribute, sendCode } from '../codes.js';
import { checkClientId, type Context } from '../context.js';
import { errors } from '../errors.js';
import { requireUser } from '../users.js';
import { requiredString, USERNAME_RULE, type Input } from '../validate.js';

export function resendConfirmationCode(input: Input, ctx: Context) {
  checkClientId(input, ctx);
  const user = requireUser(ctx, requiredString(input, 'Username', USERNAME_RULE));
  if (user.status !== 'UNCONFIRMED') throw errors.invalidParameter('User is already confirmed.');
  const attribute = deliveryAttribute(user, ctx.config.autoVerifiedAttributes);
  if (!attribute) {
    throw errors.invalidParameter('The pool auto-verifies no attribute this user has; confirm the user with AdminConfirmSignUp');
  }
  return { CodeDeliveryDetails: sendCode(ctx, user, 'signUp', attribute) };
}
