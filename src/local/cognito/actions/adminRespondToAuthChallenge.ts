import { checkUserPoolId, type Context } from '../context.js';
import type { Input } from '../validate.js';
import { respondToAuthChallenge } from './respondToAuthChallenge.js';

export function adminRespondToAuthChallenge(input: Input, ctx: Context) {
  checkUserPoolId(input, ctx);
  const { UserPoolId: _pool, ContextData: _context, ...rest } = input;
  return respondToAuthChallenge(rest, ctx);
}
