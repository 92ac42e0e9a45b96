import { checkWritableAttributes, clientOfAccessToken } from '../appClients.js';
import { sendCode, type CodeDeliveryDetails } from '../codes.js';
import type { Context } from '../context.js';
import { authenticate } from '../sessions.js';
import { applyAttributes, checkAttributes, checkRequiredAttributes } from '../users.js';
import { attributeList, requiredString, TOKEN_RULE, type Input } from '../validate.js';

export function updateUserAttributes(input: Input, ctx: Context) {
  const token = requiredString(input, 'AccessToken', TOKEN_RULE);
  const user = authenticate(ctx, token);
  const changes = checkAttributes(attributeList(input, 'UserAttributes', true), { allowVerifiedFlags: false });
  checkWritableAttributes(clientOfAccessToken(ctx, token), Object.keys(changes));
  checkRequiredAttributes(ctx, { ...user.attributes, ...changes });
  const changedAddresses = applyAttributes(user, changes, ctx.now());
  ctx.changed();
  // A changed auto-verified address gets a code, to be confirmed with VerifyUserAttribute.
  const deliveries: CodeDeliveryDetails[] = changedAddresses
    .filter((name) => ctx.config.autoVerifiedAttributes.includes(name))
    .map((name) => sendCode(ctx, user, 'verifyAttribute', name));
  return { CodeDeliveryDetailsList: deliveries };
}
