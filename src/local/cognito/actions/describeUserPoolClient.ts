import { requireAppClient, userPoolClientType } from '../appClients.js';
import { checkUserPoolId, type Context } from '../context.js';
import { CLIENT_ID_RULE, requiredString, type Input } from '../validate.js';

export function describeUserPoolClient(input: Input, ctx: Context) {
  checkUserPoolId(input, ctx);
  const client = requireAppClient(ctx, requiredString(input, 'ClientId', CLIENT_ID_RULE));
  return { UserPoolClient: userPoolClientType(ctx, client) };
}
