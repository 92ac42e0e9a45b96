import { checkWritableAttributes, findAppClient } from '../appClients.js';
import { deliveryAttribute, sendCode } from '../codes.js';
import { checkClientId, type Context } from '../context.js';
import { errors } from '../errors.js';
import { checkPasswordPolicy, setPassword } from '../passwords.js';
import { checkAttributes, checkRequiredAttributes, findUser, newUser, userKey } from '../users.js';
import { attributeList, PASSWORD_RULE, requiredString, USERNAME_RULE, type Input } from '../validate.js';

export function signUp(input: Input, ctx: Context) {
  const clientId = checkClientId(input, ctx);
  const username = requiredString(input, 'Username', USERNAME_RULE);
  const password = requiredString(input, 'Password', PASSWORD_RULE);
  const attributes = checkAttributes(attributeList(input, 'UserAttributes', false), { allowVerifiedFlags: false });
  checkWritableAttributes(findAppClient(ctx, clientId), Object.keys(attributes));
  checkRequiredAttributes(ctx, attributes);
  checkPasswordPolicy(ctx.config.passwordPolicy, password);
  if (findUser(ctx, username)) throw errors.usernameExists();

  const user = newUser(ctx, username, 'UNCONFIRMED');
  user.attributes = { ...attributes };
  for (const name of ['email', 'phone_number']) if (attributes[name]) user.attributes[`${name}_verified`] = 'false';
  setPassword(ctx, user, password);
  ctx.state.users[userKey(ctx, username)] = user;
  ctx.changed();

  // Without an auto-verified address no code is sent; an admin confirms the user.
  const attribute = deliveryAttribute(user, ctx.config.autoVerifiedAttributes);
  const delivery = attribute ? sendCode(ctx, user, 'signUp', attribute) : undefined;
  return {
    UserConfirmed: false,
    UserSub: user.sub,
    ...(delivery ? { CodeDeliveryDetails: delivery } : {}),
  };
}
