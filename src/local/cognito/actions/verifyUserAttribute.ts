import { useCode } from '../codes.js';
import type { Context } from '../context.js';
import { errors } from '../errors.js';
import { authenticate } from '../sessions.js';
import { CODE_RULE, requiredString, TOKEN_RULE, type Input } from '../validate.js';

export function verifyUserAttribute(input: Input, ctx: Context) {
  const user = authenticate(ctx, requiredString(input, 'AccessToken', TOKEN_RULE));
  const attribute = requiredString(input, 'AttributeName', { max: 32 });
  const code = requiredString(input, 'Code', CODE_RULE);
  if (attribute !== 'email' && attribute !== 'phone_number') {
    throw errors.invalidParameter(`Only email and phone_number can be verified, not ${attribute}`);
  }
  useCode(ctx, user, 'verifyAttribute', code, attribute);
  user.attributes[`${attribute}_verified`] = 'true';
  user.updatedAt = ctx.now();
  ctx.changed();
  return {};
}
