import { checkUserPoolId, type Context } from '../context.js';
import { revokeAllSessions } from '../sessions.js';
import { requireUser } from '../users.js';
import { requiredString, USERNAME_RULE, type Input } from '../validate.js';

export function adminUserGlobalSignOut(input: Input, ctx: Context) {
  checkUserPoolId(input, ctx);
  revokeAllSessions(ctx, requireUser(ctx, requiredString(input, 'Username', USERNAME_RULE)));
  return {};
}
