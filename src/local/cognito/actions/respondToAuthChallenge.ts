import { checkClientId, type Context } from '../context.js';
import { errors } from '../errors.js';
import { checkPasswordPolicy, setPassword } from '../passwords.js';
import { checkCanSignIn, passwordAccepted, wrongPassword } from '../signIn.js';
import { verifyPasswordClaim } from '../srp.js';
import { applyAttributes, checkAttributes, checkRequiredAttributes, findUser } from '../users.js';
import { forgetCodes } from '../codes.js';
import { optionalEnum, optionalString, optionalStringMap, requiredEntry, type Input } from '../validate.js';

const CHALLENGES = ['PASSWORD_VERIFIER', 'NEW_PASSWORD_REQUIRED', 'SMS_MFA', 'SOFTWARE_TOKEN_MFA', 'SELECT_MFA_TYPE', 'MFA_SETUP', 'CUSTOM_CHALLENGE', 'DEVICE_SRP_AUTH', 'DEVICE_PASSWORD_VERIFIER', 'ADMIN_NO_SRP_AUTH', 'EMAIL_OTP', 'SMS_OTP', 'PASSWORD', 'WEB_AUTHN', 'PASSWORD_SRP', 'SELECT_CHALLENGE'] as const;

// The client's TIMESTAMP, e.g. "Tue Nov 26 10:44:31 UTC 2026". It is part of the
// signed message; its value is not checked against the server clock, because
// the SECRET_BLOCK already expires and tests run the server on a fake clock.
const TIMESTAMP = /^(Sun|Mon|Tue|Wed|Thu|Fri|Sat) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{1,2} \d{2}:\d{2}:\d{2} UTC \d{4}$/;

export function respondToAuthChallenge(input: Input, ctx: Context) {
  const challenge = optionalEnum(input, 'ChallengeName', CHALLENGES);
  if (!challenge) throw errors.invalidParameter("1 validation error detected: Value at 'ChallengeName' failed to satisfy constraint: Member must not be null");
  const clientId = checkClientId(input, ctx);
  const responses = optionalStringMap(input, 'ChallengeResponses') ?? {};
  const session = optionalString(input, 'Session', { max: 2048 });
  switch (challenge) {
    case 'PASSWORD_VERIFIER':
      return passwordVerifier(ctx, responses, clientId);
    case 'NEW_PASSWORD_REQUIRED':
      return newPasswordRequired(ctx, responses, session, clientId);
    default:
      throw errors.invalidParameter(`The local Cognito pool does not issue the ${challenge} challenge`);
  }
}

function passwordVerifier(ctx: Context, responses: Record<string, string>, clientId: string) {
  const secretBlock = requiredEntry(responses, 'PASSWORD_CLAIM_SECRET_BLOCK');
  const signature = requiredEntry(responses, 'PASSWORD_CLAIM_SIGNATURE');
  const timestamp = requiredEntry(responses, 'TIMESTAMP');
  const username = requiredEntry(responses, 'USERNAME');
  if (!TIMESTAMP.test(timestamp)) throw errors.invalidParameter('TIMESTAMP must look like "Tue Nov 26 10:44:31 UTC 2026"');

  const pending = ctx.pendingSrp.get(secretBlock);
  // Single use: a replayed claim finds nothing.
  ctx.pendingSrp.delete(secretBlock);
  if (!pending || pending.expiresAt <= ctx.now() || pending.clientId !== clientId) {
    throw errors.notAuthorized('Invalid session for the user, session is expired.');
  }
  const user = findUser(ctx, username);
  if (!user || ctx.state.users[pending.userKey] !== user) throw errors.notAuthorized('Incorrect username or password.');
  checkCanSignIn(ctx, user);
  const ok = user.password === pending.password && verifyPasswordClaim({
    poolName: ctx.poolName,
    userIdForSrp: pending.userIdForSrp,
    stored: pending.password,
    A: pending.A,
    ephemeral: pending.ephemeral,
    secretBlock: Buffer.from(secretBlock, 'base64'),
    timestamp,
    signature,
  });
  if (!ok) throw wrongPassword(ctx, user);
  return passwordAccepted(ctx, user, clientId);
}

function newPasswordRequired(ctx: Context, responses: Record<string, string>, session: string | undefined, clientId: string) {
  const pending = session ? ctx.pendingNewPassword.get(session) : undefined;
  if (!session || !pending || pending.expiresAt <= ctx.now() || pending.clientId !== clientId) {
    throw errors.notAuthorized('Invalid session for the user, session is expired.');
  }
  const newPassword = requiredEntry(responses, 'NEW_PASSWORD');
  const username = requiredEntry(responses, 'USERNAME');
  const user = findUser(ctx, username);
  if (!user || ctx.state.users[pending.userKey] !== user || user.status !== 'FORCE_CHANGE_PASSWORD') {
    throw errors.notAuthorized('Invalid session for the user, session is expired.');
  }
  checkCanSignIn(ctx, user);
  const attributeEntries = Object.entries(responses)
    .filter(([name]) => name.startsWith('userAttributes.'))
    .map(([name, value]) => ({ Name: name.slice('userAttributes.'.length), Value: value }));
  const attributes = checkAttributes(attributeEntries, { allowVerifiedFlags: false });
  checkRequiredAttributes(ctx, { ...user.attributes, ...attributes });
  checkPasswordPolicy(ctx.config.passwordPolicy, newPassword);

  ctx.pendingNewPassword.delete(session);
  applyAttributes(user, attributes, ctx.now());
  setPassword(ctx, user, newPassword);
  forgetCodes(ctx, user, 'temporaryPassword');
  user.status = 'CONFIRMED';
  ctx.changed();
  return passwordAccepted(ctx, user, clientId);
}
