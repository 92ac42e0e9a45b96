import type { Context } from '../context.js';
import { authenticate, revokeAllSessions } from '../sessions.js';
import { requiredString, TOKEN_RULE, type Input } from '../validate.js';

export function globalSignOut(input: Input, ctx: Context) {
  const user = authenticate(ctx, requiredString(input, 'AccessToken', TOKEN_RULE));
  revokeAllSessions(ctx, user);
  return {};
}
