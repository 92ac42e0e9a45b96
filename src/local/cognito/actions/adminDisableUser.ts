import { revokeAllSessions } from '../sessions.js';
import { checkUserPoolId, type Context } from '../context.js';
import { requireUser } from '../users.js';
import { requiredString, USERNAME_RULE, type Input } from '../validate.js';

// A disabled user cannot sign in or refresh, and every session is revoked for
// good, as Cognito revokes the user's tokens: enabling the user again does not
// bring back tokens issued before (isRevoked() and the token actions refuse them).
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
  if (!enabled) revokeAllSessions(ctx, user);
  return {};
}
