import { checkUserPoolId, type Context } from '../context.js';
import { groupType, requireGroup } from '../groups.js';
import { GROUP_NAME_RULE, optionalInteger, optionalString, requiredString, type Input } from '../validate.js';

// Fields left out keep their value. A project group's precedence comes back from
// user-pool-group-precedence.json on the next start, as the next deployment would restore it.
export function updateGroup(input: Input, ctx: Context) {
  checkUserPoolId(input, ctx);
  const group = requireGroup(ctx, requiredString(input, 'GroupName', GROUP_NAME_RULE));
  const description = optionalString(input, 'Description', { min: 0, max: 2048 });
  const roleArn = optionalString(input, 'RoleArn', { min: 20, max: 2048 });
  const precedence = optionalInteger(input, 'Precedence', 0, 2 ** 31 - 1);
  if (description !== undefined) group.description = description;
  if (roleArn !== undefined) group.roleArn = roleArn;
  if (precedence !== undefined) group.precedence = precedence;
  group.updatedAt = ctx.now();
  ctx.changed();
  return { Group: groupType(ctx, group) };
}
