import { checkUserPoolId, type Context } from '../context.js';
import { errors } from '../errors.js';
import { paginate } from '../paging.js';
import type { UserRecord } from '../store.js';
import { userKey, userType } from '../users.js';
import { optionalInteger, optionalString, optionalStringList, type Input } from '../validate.js';

// The attributes Cognito lets ListUsers filter on.
const FILTERABLE = new Set([
  'username', 'email', 'phone_number', 'name', 'given_name', 'family_name', 'preferred_username',
  'cognito:user_status', 'status', 'sub',
]);

export function listUsers(input: Input, ctx: Context) {
  checkUserPoolId(input, ctx);
  const attributesToGet = optionalStringList(input, 'AttributesToGet');
  const limit = optionalInteger(input, 'Limit', 0, 60) ?? 60;
  const token = optionalString(input, 'PaginationToken');
  const filter = optionalString(input, 'Filter', { min: 0, max: 256 });
  const matches = filter ? parseFilter(ctx, filter) : () => true;
  const users = Object.entries(ctx.state.users).filter(([, user]) => matches(user));
  const { page, next } = paginate(users, ([key]) => key, limit, token);
  return {
    Users: page.map(([, user]) => userType(user, attributesToGet)),
    ...(next ? { PaginationToken: next } : {}),
  };
}

// Cognito's filter language: `name = "value"` (exact) or `name ^= "value"` (prefix).
function parseFilter(ctx: Context, filter: string): (user: UserRecord) => boolean {
  const match = /^\s*([\w:]+)\s*(\^?=)\s*"((?:[^"\\]|\\.)*)"\s*$/.exec(filter);
  if (!match) throw errors.invalidParameter('Error while parsing filter: use attribute = "value" or attribute ^= "prefix"');
  const [, name = '', operator, raw = ''] = match;
  if (!FILTERABLE.has(name)) throw errors.invalidParameter(`Invalid search attribute: ${name}`);
  const wanted = raw.replace(/\\(.)/g, '$1');
  const valueOf = (user: UserRecord): string | undefined => {
    switch (name) {
      case 'username': return user.username;
      case 'sub': return user.sub;
      case 'cognito:user_status': return user.status;
      case 'status': return user.enabled ? 'Enabled' : 'Disabled';
      default: return user.attributes[name];
    }
  };
  const fold = (s: string) => (name === 'username' ? userKey(ctx, s) : s);
  return (user) => {
    const value = valueOf(user);
    if (value === undefined) return false;
    return operator === '=' ? fold(value) === fold(wanted) : fold(value).startsWith(fold(wanted));
  };
}
