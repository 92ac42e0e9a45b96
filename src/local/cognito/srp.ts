// Server side of Cognito's SRP-6a variant, as the Amplify client computes it.
//
// Numbers travel as hex. Cognito hashes numbers in Java BigInteger's byte form:
// even-length hex with a leading 00 when the top bit is set, so every hash and
// the HKDF inputs go through padHex(). A different padding gives a different
// key and a signature that never matches, with no other symptom.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

// RFC 5054, 3072-bit group.
export const N = BigInt(
  '0x' +
    'FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD' +
    'EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED' +
    'EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F' +
    '83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B' +
    'E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510' +
    '15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7' +
    'ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C' +
    'BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF',
);
export const g = 2n;

export function padHex(value: bigint): string {
  let hex = value.toString(16);
  if (hex.length % 2 === 1) hex = '0' + hex;
  if (/^[89a-f]/.test(hex)) hex = '00' + hex;
  return hex;
}

function sha256(data: Buffer | string): Buffer {
  return createHash('sha256').update(data).digest();
}

function hashHexToBigInt(hex: string): bigint {
  return BigInt('0x' + sha256(Buffer.from(hex, 'hex')).toString('hex'));
}

export function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = base % modulus;
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
    e >>= 1n;
  }
  return result;
}

const k = hashHexToBigInt(padHex(N) + padHex(g));

function randomBigInt(bytes: number): bigint {
  return BigInt('0x' + randomBytes(bytes).toString('hex'));
}

/** The part of the pool id after `_`: Cognito mixes it into every password hash. */
export function poolNameOf(userPoolId: string): string {
  return userPoolId.split('_')[1] ?? '';
}

function computeX(poolName: string, userIdForSrp: string, password: string, saltHex: string): bigint {
  const inner = sha256(`${poolName}${userIdForSrp}:${password}`).toString('hex');
  return hashHexToBigInt(padHex(BigInt('0x' + saltHex)) + inner);
}

export interface PasswordVerifier {
  /** Hex, as sent to the client in SALT. */
  salt: string;
  /** Hex of v = g^x mod N. */
  verifier: string;
}

/** What the pool stores instead of a password. */
export function createVerifier(poolName: string, userIdForSrp: string, password: string): PasswordVerifier {
  const salt = randomBytes(16).toString('hex');
  return { salt, verifier: computeVerifier(poolName, userIdForSrp, password, salt) };
}

function computeVerifier(poolName: string, userIdForSrp: string, password: string, saltHex: string): string {
  return modPow(g, computeX(poolName, userIdForSrp, password, saltHex), N).toString(16);
}

/** USER_PASSWORD_AUTH and ChangePassword: recompute v from the candidate password. */
export function passwordMatches(
  poolName: string,
  userIdForSrp: string,
  password: string,
  stored: PasswordVerifier,
): boolean {
  const candidate = Buffer.from(padHex(BigInt('0x' + computeVerifier(poolName, userIdForSrp, password, stored.salt))), 'hex');
  const expected = Buffer.from(padHex(BigInt('0x' + stored.verifier)), 'hex');
  return candidate.length === expected.length && timingSafeEqual(candidate, expected);
}

export interface ServerEphemeral {
  /** Secret; never leaves the server. */
  b: bigint;
  /** Hex, sent as SRP_B. */
  B: string;
}

/** The longest SRP_A accepted: N's hex digits, plus a "00" sign padding. */
export const MAX_SRP_A_HEX = N.toString(16).length + 2;

/** Throws when A is not a valid client value (A mod N == 0 would let anyone in). */
export function parseClientA(srpAHex: string): bigint {
  // A is reduced mod N by the client, so it is never longer than N: 768 hex digits for the 3072-bit
  // group, plus the "00" that clients put in front of a value whose top bit is set. Anything longer is
  // refused before BigInt parses it (a 1 MiB SRP_A once kept megabytes per pending sign-in).
  if (srpAHex.length > MAX_SRP_A_HEX) throw new Error(`SRP_A is longer than ${MAX_SRP_A_HEX} hex digits`);
  if (!/^[0-9a-fA-F]+$/.test(srpAHex)) throw new Error('SRP_A is not hex');
  const A = BigInt('0x' + srpAHex);
  if (A % N === 0n) throw new Error('SRP_A mod N is zero');
  return A;
}

export function createServerEphemeral(stored: PasswordVerifier): ServerEphemeral {
  const v = BigInt('0x' + stored.verifier);
  for (;;) {
    const b = randomBigInt(128);
    const B = (k * v + modPow(g, b, N)) % N;
    if (B !== 0n) return { b, B: B.toString(16) };
  }
}

export interface ClaimInput {
  poolName: string;
  userIdForSrp: string;
  stored: PasswordVerifier;
  A: bigint;
  ephemeral: ServerEphemeral;
  secretBlock: Buffer;
  timestamp: string;
  /** Base64 PASSWORD_CLAIM_SIGNATURE from the client. */
  signature: string;
}

/** True when the client proved knowledge of the password behind `stored`. */
export function verifyPasswordClaim(input: ClaimInput): boolean {
  const B = BigInt('0x' + input.ephemeral.B);
  const u = hashHexToBigInt(padHex(input.A) + padHex(B));
  if (u === 0n) return false;
  const v = BigInt('0x' + input.stored.verifier);
  const S = modPow((input.A * modPow(v, u, N)) % N, input.ephemeral.b, N);
  const key = hkdf16(Buffer.from(padHex(S), 'hex'), Buffer.from(padHex(u), 'hex'));
  const expected = createHmac('sha256', key)
    .update(Buffer.concat([
      Buffer.from(input.poolName, 'utf8'),
      Buffer.from(input.userIdForSrp, 'utf8'),
      input.secretBlock,
      Buffer.from(input.timestamp, 'utf8'),
    ]))
    .digest();
  const given = Buffer.from(input.signature, 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

// HKDF-SHA256 with one output block, truncated to 16 bytes: all Cognito uses.
function hkdf16(ikm: Buffer, salt: Buffer): Buffer {
  const prk = createHmac('sha256', salt).update(ikm).digest();
  const info = Buffer.concat([Buffer.from('Caldera Derived Key', 'utf8'), Buffer.from([1])]);
  return createHmac('sha256', prk).update(info).digest().subarray(0, 16);
}

/**
 * The client-side computation, for tests and tools that need to sign in without
 * Amplify. Returns the challenge responses Cognito expects.
 */
export function clientEphemeral(): { a: bigint; A: string } {
  for (;;) {
    const a = randomBigInt(128);
    const A = modPow(g, a, N);
    if (A % N !== 0n) return { a, A: A.toString(16) };
  }
}

export function clientClaimSignature(input: {
  poolName: string;
  userIdForSrp: string;
  password: string;
  a: bigint;
  A: string;
  B: string;
  salt: string;
  secretBlock: string;
  timestamp: string;
}): string {
  const A = BigInt('0x' + input.A);
  const B = BigInt('0x' + input.B);
  const u = hashHexToBigInt(padHex(A) + padHex(B));
  const x = computeX(input.poolName, input.userIdForSrp, input.password, input.salt);
  const gx = modPow(g, x, N);
  const base = (((B - k * gx) % N) + N) % N;
  const S = modPow(base, input.a + u * x, N);
  const key = hkdf16(Buffer.from(padHex(S), 'hex'), Buffer.from(padHex(u), 'hex'));
  return createHmac('sha256', key)
    .update(Buffer.concat([
      Buffer.from(input.poolName, 'utf8'),
      Buffer.from(input.userIdForSrp, 'utf8'),
      Buffer.from(input.secretBlock, 'base64'),
      Buffer.from(input.timestamp, 'utf8'),
    ]))
    .digest('base64');
}
