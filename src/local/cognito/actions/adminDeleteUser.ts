import { forgetCodes } from '../codes.js';
import { checkUserPoolId, type Context } from '../context.js';
import { dropAllSessions } from '../sessions.js';
import type { UserRecord } from '../store.js';
import { requireUser, userKey } from '../users.js';
import { requiredString, USERNAME_RULE, type Input } from '../validate.js';

export function adminDeleteUser(input: Input, ctx: Context) {
  checkUserPoolId(input, ctx);
  removeUser(ctx, requireUser(ctx, requiredString(input, 'Username', USERNAME_RULE)));
  return {};
}

export function removeUser(ctx: Context, user: UserRecord): void {
  const key = userKey(ctx, user.username);
  forgetCodes(ctx, user);
  dropAllSessions(ctx, key);
  for (const [secret, pending] of ctx.pendingSrp) if (pending.userKey === key) ctx.pendingSrp.delete(secret);
  for (const [session, pending] of ctx.pendingNewPassword) if (pending.userKey === key) ctx.pendingNewPassword.delete(session);
  delete ctx.state.users[key];
  ctx.changed();
}
