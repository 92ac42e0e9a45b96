import { checkUserPoolId, type Context } from '../context.js';
import { groupType, requireGroup } from '../groups.js';
import { GROUP_NAME_RULE, requiredString, type Input } from '../validate.js';

export function getGroup(input: Input, ctx: Context) {
  checkUserPoolId(input, ctx);
  return { Group: groupType(ctx, requireGroup(ctx, requiredString(input, 'GroupName', GROUP_NAME_RULE))) };
}
