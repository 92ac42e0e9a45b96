import { useCode } from '../codes.js';
import { checkClientId, type Context } from '../context.js';
import { errors } from '../errors.js';
import { requireUser } from '../users.js';
import { CODE_RULE, optionalBoolean, requiredString, USERNAME_RULE, type Input } from '../validate.js';
import { confirmUser } from './adminConfirmSignUp.js';

export function confirmSignUp(input: Input, ctx: Context) {
  checkClientId(input, ctx);
  const username = requiredString(input, 'Username', USERNAME_RULE);
  const code = requiredString(input, 'ConfirmationCode', CODE_RULE);
  optionalBoolean(input, 'ForceAliasCreation');
  const user = requireUser(ctx, username);
  if (user.status !== 'UNCONFIRMED') {
    throw errors.notAuthorized(`User cannot be confirmed. Current status is ${user.status}`);
  }
  useCode(ctx, user, 'signUp', code);
  confirmUser(ctx, user);
  // The code went to the auto-verified address, so that address is now proven.
  for (const name of ctx.config.autoVerifiedAttributes) {
    if (user.attributes[name]) user.attributes[`${name}_verified`] = 'true';
  }
  return {};
}
