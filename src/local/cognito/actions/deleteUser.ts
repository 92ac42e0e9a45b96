import type { Context } from '../context.js';
import { authenticate } from '../sessions.js';
import { requiredString, TOKEN_RULE, type Input } from '../validate.js';
import { removeUser } from './adminDeleteUser.js';

export function deleteUser(input: Input, ctx: Context) {
  removeUser(ctx, authenticate(ctx, requiredString(input, 'AccessToken', TOKEN_RULE)));
  return {};
}
