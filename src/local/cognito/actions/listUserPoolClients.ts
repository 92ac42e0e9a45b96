import { checkUserPoolId, type Context } from '../context.js';
import { paginate } from '../paging.js';
import { optionalInteger, optionalString, type Input } from '../validate.js';

export function listUserPoolClients(input: Input, ctx: Context) {
  checkUserPoolId(input, ctx);
  const limit = optionalInteger(input, 'MaxResults', 1, 60) ?? 60;
  const token = optionalString(input, 'NextToken', { max: 131072 });
  const { page, next } = paginate(ctx.appClients, (c) => c.clientId, limit, token);
  return {
    UserPoolClients: page.map((c) => ({ ClientId: c.clientId, UserPoolId: ctx.state.userPoolId, ClientName: c.clientName })),
    ...(next ? { NextToken: next } : {}),
  };
}
