import { checkClientId, type Context } from '../context.js';
import { refreshSession } from '../sessions.js';
import { optionalString, requiredString, TOKEN_RULE, type Input } from '../validate.js';

// Amplify v6's only refresh path. Without refresh-token rotation the answer
// carries no new RefreshToken, and the client keeps the one it has.
export function getTokensFromRefreshToken(input: Input, ctx: Context) {
  const clientId = checkClientId(input, ctx);
  const refreshToken = requiredString(input, 'RefreshToken', TOKEN_RULE);
  optionalString(input, 'ClientSecret');
  optionalString(input, 'DeviceKey');
  return { AuthenticationResult: refreshSession(ctx, refreshToken, clientId) };
}
