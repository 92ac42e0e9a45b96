import { checkUserPoolId, type Context } from '../context.js';
import { errors } from '../errors.js';
import { groupType } from '../groups.js';
import { GROUP_NAME_RULE, optionalInteger, optionalString, requiredString, type Input } from '../validate.js';

export function createGroup(input: Input, ctx: Context) {
  checkUserPoolId(input, ctx);
  const groupName = requiredString(input, 'GroupName', GROUP_NAME_RULE);
  const description = optionalString(input, 'Description', { min: 0, max: 2048 });
  const roleArn = optionalString(input, 'RoleArn', { min: 20, max: 2048 });
  const precedence = optionalInteger(input, 'Precedence', 0, 2 ** 31 - 1);
  if (ctx.state.groups[groupName]) throw errors.groupExists(groupName);
  const now = ctx.now();
  const group = { groupName, description, roleArn, precedence, createdAt: now, updatedAt: now };
  ctx.state.groups[groupName] = group;
  ctx.changed();
  return { Group: groupType(ctx, group) };
}
