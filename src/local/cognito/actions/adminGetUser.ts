import { checkUserPoolId, type Context } from '../context.js';
import { attributeListOf, epochSeconds, requireUser } from '../users.js';
import { requiredString, USERNAME_RULE, type Input } from '../validate.js';

export function adminGetUser(input: Input, ctx: Context) {
  checkUserPoolId(input, ctx);
  const user = requireUser(ctx, requiredString(input, 'Username', USERNAME_RULE));
  return {
    Username: user.username,
    UserAttributes: attributeListOf(user),
    UserCreateDate: epochSeconds(user.createdAt),
    UserLastModifiedDate: epochSeconds(user.updatedAt),
    Enabled: user.enabled,
    UserStatus: user.status,
    UserMFASettingList: [],
  };
}
