import { checkUserPoolId, type Context } from '../context.js';
import { errors } from '../errors.js';
import { applyAttributes, checkRequiredAttributes, requireUser } from '../users.js';
import { optionalStringList, requiredString, USERNAME_RULE, type Input } from '../validate.js';

export function adminDeleteUserAttributes(input: Input, ctx: Context) {
  checkUserPoolId(input, ctx);
  const user = requireUser(ctx, requiredString(input, 'Username', USERNAME_RULE));
  const names = optionalStringList(input, 'UserAttributeNames');
  if (names === undefined) throw errors.invalidParameter("1 validation error detected: Value at 'userAttributeNames' failed to satisfy constraint: Member must not be null");
  if (names.includes('sub')) throw errors.invalidParameter('Attributes did not conform to the schema: sub: Attribute cannot be deleted');
  const removed = Object.fromEntries(names.map((name) => [name, '']));
  const remaining = Object.fromEntries(Object.entries(user.attributes).filter(([name]) => !names.includes(name)));
  checkRequiredAttributes(ctx, remaining);
  applyAttributes(user, removed, ctx.now());
  ctx.changed();
  return {};
}
