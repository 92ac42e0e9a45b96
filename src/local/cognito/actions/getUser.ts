import { clientOfAccessToken, readableAttributes } from '../appClients.js';
import type { Context } from '../context.js';
import { authenticate } from '../sessions.js';
import { attributeListOf } from '../users.js';
import { requiredString, TOKEN_RULE, type Input } from '../validate.js';

export function getUser(input: Input, ctx: Context) {
  const token = requiredString(input, 'AccessToken', TOKEN_RULE);
  const user = authenticate(ctx, token);
  return { Username: user.username, UserAttributes: readableAttributes(clientOfAccessToken(ctx, token), attributeListOf(user)), UserMFASettingList: [] };
}
