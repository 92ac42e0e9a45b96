import { randomInt } from 'node:crypto';

const LOWER = 'abcdefghijkmnopqrstuvwxyz';
const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const DIGITS = '23456789';
// Symbols Cognito counts as such that need no quoting in a shell.
const SYMBOLS = '-_.+=@%^';

/**
 * A strong password that meets any Cognito password policy (up to 20 characters of minimum
 * length): 20 characters from a CSPRNG with at least one lowercase letter, uppercase letter, digit
 * and symbol, starting with a letter. Look-alike characters (l, I, O, 0, 1) are left out so that it can be read out.
 */
export function generatePassword(length = 20): string {
  const pick = (chars: string): string => chars[randomInt(chars.length)]!;
  const chars = [pick(LOWER), pick(UPPER), pick(DIGITS), pick(SYMBOLS)];
  const all = LOWER + UPPER + DIGITS + SYMBOLS;
  while (chars.length < length) chars.push(pick(all));
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  // A letter first: `--password -x...` would read as an option.
  const letter = chars.findIndex((c) => /[a-zA-Z]/.test(c));
  [chars[0], chars[letter]] = [chars[letter]!, chars[0]!];
  return chars.join('');
}
