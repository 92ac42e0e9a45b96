import { checkUserPoolId, type Context } from '../context.js';
import { groupType } from '../groups.js';
import { paginate } from '../paging.js';
import { optionalInteger, optionalString, type Input } from '../validate.js';

export function listGroups(input: Input, ctx: Context) {
  checkUserPoolId(input, ctx);
  const limit = optionalInteger(input, 'Limit', 0, 60) ?? 60;
  const token = optionalString(input, 'NextToken');
  const { page, next } = paginate(Object.values(ctx.state.groups), (g) => g.groupName, limit, token);
  return { Groups: page.map((g) => groupType(ctx, g)), ...(next ? { NextToken: next } : {}) };
}
