import { checkAuthFlowAllowed, requireAppClient } from '../appClients.js';
import { checkClientId, checkUserPoolId, type Context } from '../context.js';
import { errors } from '../errors.js';
import { optionalEnum, optionalStringMap, type Input } from '../validate.js';
import { initiateAuth, userPasswordAuth } from './initiateAuth.js';

const ADMIN_AUTH_FLOWS = ['USER_SRP_AUTH', 'REFRESH_TOKEN_AUTH', 'REFRESH_TOKEN', 'CUSTOM_AUTH', 'ADMIN_NO_SRP_AUTH', 'ADMIN_USER_PASSWORD_AUTH', 'USER_AUTH'] as const;

// The server-side sign-in: the client-side flows it shares with InitiateAuth, plus the password
// sent in the clear, which the client must allow (ALLOW_ADMIN_USER_PASSWORD_AUTH; the CLI's clients do not).
export function adminInitiateAuth(input: Input, ctx: Context) {
  checkUserPoolId(input, ctx);
  const flow = optionalEnum(input, 'AuthFlow', ADMIN_AUTH_FLOWS);
  if (!flow) throw errors.invalidParameter("1 validation error detected: Value at 'authFlow' failed to satisfy constraint: Member must not be null");
  if (flow !== 'ADMIN_NO_SRP_AUTH' && flow !== 'ADMIN_USER_PASSWORD_AUTH') {
    const { UserPoolId: _pool, ContextData: _context, ...rest } = input;
    return initiateAuth(rest, ctx);
  }
  const clientId = checkClientId(input, ctx);
  const params = optionalStringMap(input, 'AuthParameters') ?? {};
  checkAuthFlowAllowed(requireAppClient(ctx, clientId), flow);
  return userPasswordAuth(ctx, params, clientId);
}
