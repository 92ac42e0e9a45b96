import { randomBytes } from 'node:crypto';
import { checkClientId, rememberPending, type Context } from '../context.js';
import { errors } from '../errors.js';
import { refreshSession } from '../sessions.js';
import { checkCanSignIn, passwordAccepted, wrongPassword } from '../signIn.js';
import { createServerEphemeral, MAX_SRP_A_HEX, parseClientA, passwordMatches } from '../srp.js';
import { requireUser, userKey } from '../users.js';
import { optionalEnum, optionalStringMap, requiredEntry, type Input } from '../validate.js';

const AUTH_FLOWS = ['USER_SRP_AUTH', 'USER_PASSWORD_AUTH', 'REFRESH_TOKEN_AUTH', 'REFRESH_TOKEN', 'CUSTOM_AUTH', 'ADMIN_NO_SRP_AUTH', 'ADMIN_USER_PASSWORD_AUTH', 'USER_AUTH'] as const;
const SRP_CHALLENGE_MS = 5 * 60 * 1000;

export function initiateAuth(input: Input, ctx: Context) {
  const flow = optionalEnum(input, 'AuthFlow', AUTH_FLOWS);
  if (!flow) throw errors.invalidParameter("1 validation error detected: Value at 'AuthFlow' failed to satisfy constraint: Member must not be null");
  const clientId = checkClientId(input, ctx);
  const params = optionalStringMap(input, 'AuthParameters') ?? {};
  switch (flow) {
    case 'USER_SRP_AUTH':
      return startSrp(ctx, params, clientId);
    case 'USER_PASSWORD_AUTH':
      return userPasswordAuth(ctx, params, clientId);
    case 'REFRESH_TOKEN_AUTH':
    case 'REFRESH_TOKEN': {
      const refreshToken = requiredEntry(params, 'REFRESH_TOKEN');
      return { AuthenticationResult: refreshSession(ctx, refreshToken, clientId), ChallengeParameters: {} };
    }
    default:
      throw errors.invalidParameter(`The local Cognito pool does not support AuthFlow ${flow}; use USER_SRP_AUTH, USER_PASSWORD_AUTH or REFRESH_TOKEN_AUTH`);
  }
}

function startSrp(ctx: Context, params: Record<string, string>, clientId: string) {
  const username = requiredEntry(params, 'USERNAME');
  const srpA = requiredEntry(params, 'SRP_A');
  let A: bigint;
  try {
    A = parseClientA(srpA);
  } catch {
    throw errors.invalidParameter(`SRP_A must be a non-zero hex value modulo N, of at most ${MAX_SRP_A_HEX} hex digits`);
  }
  const user = requireUser(ctx, username);
  checkCanSignIn(ctx, user);
  if (!user.password) throw errors.notAuthorized('Incorrect username or password.');
  const ephemeral = createServerEphemeral(user.password);
  const secretBlock = randomBytes(64).toString('base64');
  rememberPending(ctx.pendingSrp, secretBlock, {
    userKey: userKey(ctx, user.username),
    userIdForSrp: user.username,
    clientId,
    A,
    ephemeral,
    password: user.password,
    expiresAt: ctx.now() + SRP_CHALLENGE_MS,
  }, ctx.now());
  return {
    ChallengeName: 'PASSWORD_VERIFIER',
    ChallengeParameters: {
      SALT: user.password.salt,
      SECRET_BLOCK: secretBlock,
      SRP_B: ephemeral.B,
      USERNAME: user.username,
      USER_ID_FOR_SRP: user.username,
    },
  };
}

function userPasswordAuth(ctx: Context, params: Record<string, string>, clientId: string) {
  const username = requiredEntry(params, 'USERNAME');
  const password = requiredEntry(params, 'PASSWORD');
  const user = requireUser(ctx, username);
  checkCanSignIn(ctx, user);
  if (!user.password || !passwordMatches(ctx.poolName, user.username, password, user.password)) {
    throw wrongPassword(ctx, user);
  }
  return passwordAccepted(ctx, user, clientId);
}
