import { checkUserPoolId, type Context } from '../context.js';
import { requireUser } from '../users.js';
import { requiredString, USERNAME_RULE, type Input } from '../validate.js';

// A disabled user cannot sign in or refresh, and tokens already issued are
// refused by the token-authorised actions and by isRevoked().
export function adminDisableUser(input: Input, ctx: Context) {
  return setEnabled(input, ctx, false);
}

export function setEnabled(input: Input, ctx: Context, enabled: boolean) {
  checkUserPoolId(input, ctx);
  const user = requireUser(ctx, requiredString(input, 'Username', USERNAME_RULE));
  if (user.enabled !== enabled) {
    user.enabled = enabled;
    user.updatedAt = ctx.now();
    ctx.changed();
  }
  return {};
}
