import type { Context } from '../context.js';
import { checkPasswordPolicy, setPassword } from '../passwords.js';
import { authenticate } from '../sessions.js';
import { checkCanSignIn, wrongPassword } from '../signIn.js';
import { passwordMatches } from '../srp.js';
import { PASSWORD_RULE, requiredString, TOKEN_RULE, type Input } from '../validate.js';

export function changePassword(input: Input, ctx: Context) {
  const user = authenticate(ctx, requiredString(input, 'AccessToken', TOKEN_RULE));
  const previous = requiredString(input, 'PreviousPassword', PASSWORD_RULE);
  const proposed = requiredString(input, 'ProposedPassword', PASSWORD_RULE);
  checkCanSignIn(ctx, user);
  // Wrong old passwords count towards the same lockout as sign-in: it is the same guess.
  if (!user.password || !passwordMatches(ctx.poolName, user.username, previous, user.password)) {
    throw wrongPassword(ctx, user);
  }
  checkPasswordPolicy(ctx.config.passwordPolicy, proposed);
  setPassword(ctx, user, proposed);
  ctx.changed();
  return {};
}
