import { sendCode } from '../codes.js';
import type { Context } from '../context.js';
import { errors } from '../errors.js';
import { authenticate } from '../sessions.js';
import { requiredString, TOKEN_RULE, type Input } from '../validate.js';

export function getUserAttributeVerificationCode(input: Input, ctx: Context) {
  const user = authenticate(ctx, requiredString(input, 'AccessToken', TOKEN_RULE));
  const attribute = requiredString(input, 'AttributeName', { max: 32 });
  if (attribute !== 'email' && attribute !== 'phone_number') {
    throw errors.invalidParameter(`Only email and phone_number can be verified, not ${attribute}`);
  }
  if (!user.attributes[attribute]) throw errors.invalidParameter(`The user has no ${attribute} to verify`);
  return { CodeDeliveryDetails: sendCode(ctx, user, 'verifyAttribute', attribute) };
}
