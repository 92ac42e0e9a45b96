import { checkUserPoolId, type Context } from '../context.js';
import { requireGroup } from '../groups.js';
import { paginate } from '../paging.js';
import { userKey, userType } from '../users.js';
import { GROUP_NAME_RULE, optionalInteger, optionalString, requiredString, type Input } from '../validate.js';

export function listUsersInGroup(input: Input, ctx: Context) {
  checkUserPoolId(input, ctx);
  const group = requireGroup(ctx, requiredString(input, 'GroupName', GROUP_NAME_RULE));
  const limit = optionalInteger(input, 'Limit', 0, 60) ?? 60;
  const token = optionalString(input, 'NextToken');
  const members = Object.values(ctx.state.users).filter((u) => u.groups.includes(group.groupName));
  const { page, next } = paginate(members, (u) => userKey(ctx, u.username), limit, token);
  return { Users: page.map((u) => userType(u)), ...(next ? { NextToken: next } : {}) };
}
