import { deliveryAttribute, sendCode } from '../codes.js';
import { checkUserPoolId, type Context } from '../context.js';
import { errors } from '../errors.js';
import { checkPasswordPolicy, generateTemporaryPassword, setPassword, TEMPORARY_PASSWORD_VALIDITY_MS } from '../passwords.js';
import { checkAttributes, checkRequiredAttributes, findUser, newUser, userKey, userType } from '../users.js';
import { attributeList, optionalEnum, optionalString, optionalStringList, PASSWORD_RULE, requiredString, USERNAME_RULE, type Input } from '../validate.js';

export function adminCreateUser(input: Input, ctx: Context) {
  checkUserPoolId(input, ctx);
  const username = requiredString(input, 'Username', USERNAME_RULE);
  const given = optionalString(input, 'TemporaryPassword', PASSWORD_RULE);
  const action = optionalEnum(input, 'MessageAction', ['RESEND', 'SUPPRESS'] as const);
  const mediums = optionalStringList(input, 'DesiredDeliveryMediums') ?? ['SMS'];
  const attributes = checkAttributes(attributeList(input, 'UserAttributes', false), { allowVerifiedFlags: true });
  attributeList(input, 'ValidationData', false);

  const existing = findUser(ctx, username);
  if (action === 'RESEND') {
    // Re-sends the invitation with a fresh temporary password.
    if (!existing) throw errors.userNotFound();
    if (existing.status !== 'FORCE_CHANGE_PASSWORD') {
      throw errors.unsupportedUserState(`Resend not possible. ${existing.username} status is not FORCE_CHANGE_PASSWORD.`);
    }
    invite(ctx, existing, given, mediums, true);
    return { User: userType(existing) };
  }
  if (existing) throw errors.usernameExists();
  checkRequiredAttributes(ctx, attributes);
  if (given !== undefined) checkPasswordPolicy(ctx.config.passwordPolicy, given);

  const user = newUser(ctx, username, 'FORCE_CHANGE_PASSWORD');
  user.attributes = { ...attributes };
  for (const name of ['email', 'phone_number']) {
    if (attributes[name] && attributes[`${name}_verified`] === undefined) user.attributes[`${name}_verified`] = 'false';
  }
  ctx.state.users[userKey(ctx, username)] = user;
  invite(ctx, user, given, mediums, action !== 'SUPPRESS');
  return { User: userType(user) };
}

function invite(ctx: Context, user: ReturnType<typeof newUser>, given: string | undefined, mediums: string[], deliver: boolean): void {
  const temporary = given ?? generateTemporaryPassword(ctx.config.passwordPolicy);
  setPassword(ctx, user, temporary);
  user.status = 'FORCE_CHANGE_PASSWORD';
  user.temporaryPasswordExpiresAt = ctx.now() + TEMPORARY_PASSWORD_VALIDITY_MS;
  ctx.changed();
  if (!deliver) return;
  const preferred = mediums.includes('EMAIL') ? ['email', 'phone_number'] : ['phone_number', 'email'];
  const attribute = deliveryAttribute(user, preferred);
  if (attribute) sendCode(ctx, user, 'temporaryPassword', attribute, temporary);
  else ctx.log(`[cognito] temporary password for ${user.username} (no email or phone to send it to): ${temporary}`);
}
