import { checkUserPoolId, type Context } from '../context.js';
import { groupType } from '../groups.js';
import { paginate } from '../paging.js';
import type { GroupRecord } from '../store.js';
import { requireUser } from '../users.js';
import { optionalInteger, optionalString, requiredString, USERNAME_RULE, type Input } from '../validate.js';

export function adminListGroupsForUser(input: Input, ctx: Context) {
  checkUserPoolId(input, ctx);
  const user = requireUser(ctx, requiredString(input, 'Username', USERNAME_RULE));
  const limit = optionalInteger(input, 'Limit', 0, 60) ?? 60;
  const token = optionalString(input, 'NextToken');
  const groups = user.groups.map((name) => ctx.state.groups[name]).filter((g): g is GroupRecord => g !== undefined);
  const { page, next } = paginate(groups, (g) => g.groupName, limit, token);
  return { Groups: page.map((g) => groupType(ctx, g)), ...(next ? { NextToken: next } : {}) };
}
