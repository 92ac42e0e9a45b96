import type { Context } from '../context.js';
import { authenticate } from '../sessions.js';
import { attributeListOf } from '../users.js';
import { requiredString, TOKEN_RULE, type Input } from '../validate.js';

export function getUser(input: Input, ctx: Context) {
  const user = authenticate(ctx, requiredString(input, 'AccessToken', TOKEN_RULE));
  return { Username: user.username, UserAttributes: attributeListOf(user), UserMFASettingList: [] };
}
