import type { Context } from '../context.js';
import type { Input } from '../validate.js';
import { setEnabled } from './adminDisableUser.js';

export function adminEnableUser(input: Input, ctx: Context) {
  return setEnabled(input, ctx, true);
}
