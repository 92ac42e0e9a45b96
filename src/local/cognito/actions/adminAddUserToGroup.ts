import { checkUserPoolId, type Context } from '../context.js';
import { requireGroup } from '../groups.js';
import { requireUser } from '../users.js';
import { GROUP_NAME_RULE, requiredString, USERNAME_RULE, type Input } from '../validate.js';

// Membership shows up in tokens minted afterwards (sign-in or refresh), as in Cognito.
export function adminAddUserToGroup(input: Input, ctx: Context) {
  checkUserPoolId(input, ctx);
  const user = requireUser(ctx, requiredString(input, 'Username', USERNAME_RULE));
  const group = requireGroup(ctx, requiredString(input, 'GroupName', GROUP_NAME_RULE));
  if (!user.groups.includes(group.groupName)) {
    user.groups.push(group.groupName);
    ctx.changed();
  }
  return {};
}
