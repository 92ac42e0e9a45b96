import { sendCode } from '../codes.js';
import { checkUserPoolId, type Context } from '../context.js';
import { applyAttributes, checkAttributes, checkRequiredAttributes, requireUser } from '../users.js';
import { attributeList, optionalStringMap, requiredString, USERNAME_RULE, type Input } from '../validate.js';

// An admin may set the *_verified flags; a changed auto-verified address that is not marked
// verified in the same call gets a code, as with UpdateUserAttributes.
export function adminUpdateUserAttributes(input: Input, ctx: Context) {
  checkUserPoolId(input, ctx);
  const user = requireUser(ctx, requiredString(input, 'Username', USERNAME_RULE));
  const changes = checkAttributes(attributeList(input, 'UserAttributes', true), { allowVerifiedFlags: true });
  optionalStringMap(input, 'ClientMetadata');
  checkRequiredAttributes(ctx, { ...user.attributes, ...changes });
  const changedAddresses = applyAttributes(user, changes, ctx.now());
  ctx.changed();
  for (const name of changedAddresses) {
    if (ctx.config.autoVerifiedAttributes.includes(name) && changes[`${name}_verified`] !== 'true') sendCode(ctx, user, 'verifyAttribute', name);
  }
  return {};
}
