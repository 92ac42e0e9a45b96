import { checkClientId, type Context } from '../context.js';
import { revokeRefreshToken } from '../sessions.js';
import { optionalString, requiredString, TOKEN_RULE, type Input } from '../validate.js';

// Revokes a refresh token and, through its session, the access and id tokens minted from it.
export function revokeToken(input: Input, ctx: Context) {
  const token = requiredString(input, 'Token', TOKEN_RULE);
  const clientId = checkClientId(input, ctx);
  optionalString(input, 'ClientSecret');
  revokeRefreshToken(ctx, token, clientId);
  return {};
}
