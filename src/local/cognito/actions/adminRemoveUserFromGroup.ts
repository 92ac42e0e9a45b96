import { checkUserPoolId, type Context } from '../context.js';
import { requireGroup } from '../groups.js';
import { requireUser } from '../users.js';
import { GROUP_NAME_RULE, requiredString, USERNAME_RULE, type Input } from '../validate.js';

export function adminRemoveUserFromGroup(input: Input, ctx: Context) {
  checkUserPoolId(input, ctx);
  const user = requireUser(ctx, requiredString(input, 'Username', USERNAME_RULE));
  const group = requireGroup(ctx, requiredString(input, 'GroupName', GROUP_NAME_RULE));
  const before = user.groups.length;
  user.groups = user.groups.filter((name) => name !== group.groupName);
  if (user.groups.length !== before) ctx.changed();
  return {};
}
