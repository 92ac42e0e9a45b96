import type { Context } from '../context.js';
import { errors } from '../errors.js';
import { paginate } from '../paging.js';
import { epochSeconds } from '../users.js';
import { optionalInteger, optionalString, type Input } from '../validate.js';
import { poolDisplayName } from './describeUserPool.js';

// The local service runs one pool; MaxResults is required, as in Cognito.
export function listUserPools(input: Input, ctx: Context) {
  const limit = optionalInteger(input, 'MaxResults', 1, 60);
  if (limit === undefined) throw errors.invalidParameter("1 validation error detected: Value at 'maxResults' failed to satisfy constraint: Member must not be null");
  const token = optionalString(input, 'NextToken', { max: 131072 });
  const pools = [ctx.state];
  const { page, next } = paginate(pools, (p) => p.userPoolId, limit, token);
  return {
    UserPools: page.map((p) => ({
      Id: p.userPoolId,
      Name: poolDisplayName(ctx),
      LambdaConfig: {},
      LastModifiedDate: epochSeconds(p.createdAt),
      CreationDate: epochSeconds(p.createdAt),
    })),
    ...(next ? { NextToken: next } : {}),
  };
}
