import { checkUserPoolId, type Context } from '../context.js';
import { requireGroup } from '../groups.js';
import { GROUP_NAME_RULE, requiredString, type Input } from '../validate.js';

// Members leave the group; tokens already issued keep their `cognito:groups` until they expire, as in Cognito.
export function deleteGroup(input: Input, ctx: Context) {
  checkUserPoolId(input, ctx);
  const group = requireGroup(ctx, requiredString(input, 'GroupName', GROUP_NAME_RULE));
  for (const user of Object.values(ctx.state.users)) {
    const at = user.groups.indexOf(group.groupName);
    if (at !== -1) user.groups.splice(at, 1);
  }
  delete ctx.state.groups[group.groupName];
  ctx.changed();
  return {};
}
