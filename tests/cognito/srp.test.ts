// The SRP pieces on their own: Java-style hex padding and a full exchange.
import { describe, expect, it } from 'vitest';
import {
  clientClaimSignature, clientEphemeral, createServerEphemeral, createVerifier, N, padHex, parseClientA, passwordMatches, verifyPasswordClaim,
} from '../../src/local/cognito/srp.js';

describe('srp', () => {
  it('pads hex the way Java BigInteger.toByteArray does', () => {
    expect(padHex(0x1n)).toBe('01');
    expect(padHex(0x7fn)).toBe('7f');
    expect(padHex(0x80n)).toBe('0080');
    expect(padHex(0xabcn)).toBe('0abc');
    expect(padHex(0xf00n)).toBe('0f00');
    expect(padHex(0xff00n)).toBe('00ff00');
    expect(padHex(N).startsWith('00ff')).toBe(true);
  });

  it('accepts the right password and refuses a wrong one', () => {
    const stored = createVerifier('AbC123xyz', 'rider', 'ride-password');
    expect(passwordMatches('AbC123xyz', 'rider', 'ride-password', stored)).toBe(true);
    expect(passwordMatches('AbC123xyz', 'rider', 'ride-passwore', stored)).toBe(false);
    // Pool name and user are part of the hash.
    expect(passwordMatches('AbC123xyZ', 'rider', 'ride-password', stored)).toBe(false);
    expect(passwordMatches('AbC123xyz', 'Rider', 'ride-password', stored)).toBe(false);

    for (const [password, expected] of [['ride-password', true], ['wrong', false]] as const) {
      const { a, A } = clientEphemeral();
      const ephemeral = createServerEphemeral(stored);
      const secretBlock = Buffer.from('secret-block-bytes').toString('base64');
      const timestamp = 'Wed Nov 26 9:05:01 UTC 2026';
      const signature = clientClaimSignature({ poolName: 'AbC123xyz', userIdForSrp: 'rider', password, a, A, B: ephemeral.B, salt: stored.salt, secretBlock, timestamp });
      expect(verifyPasswordClaim({
        poolName: 'AbC123xyz', userIdForSrp: 'rider', stored, A: parseClientA(A), ephemeral,
        secretBlock: Buffer.from(secretBlock, 'base64'), timestamp, signature,
      })).toBe(expected);
    }
  });

  it('refuses A values that would bypass the password', () => {
    expect(() => parseClientA('0')).toThrow();
    expect(() => parseClientA(N.toString(16))).toThrow();
    expect(() => parseClientA((N * 2n).toString(16))).toThrow();
    expect(() => parseClientA('xyz')).toThrow();
  });
});
