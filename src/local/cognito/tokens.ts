// RS256 JWTs shaped like Cognito's, and the JWKS that verifies them. The issuer
// is the real Cognito form so that aws-jwt-verify's CognitoJwtVerifier and
// AppSync-style checks accept these tokens unchanged.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomUUID, sign, verify, type KeyObject } from 'node:crypto';

/** A public RSA key in the form Cognito's JWKS lists it (a type alias, so it fits JSON-object parameters). */
export type Jwk = {
  alg: 'RS256';
  e: string;
  kid: string;
  kty: 'RSA';
  n: string;
  use: 'sig';
};

export interface SigningKey {
  kid: string;
  privateKeyPem: string;
  publicJwk: Jwk;
}

export type Jwks = {
  keys: Jwk[];
};

export type JwtPayload = Record<string, unknown>;

export function generateSigningKey(): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = publicKey.export({ format: 'jwk' }) as { n: string; e: string };
  // RFC 7638 thumbprint: a stable kid derived from the key itself.
  const kid = createHash('sha256').update(JSON.stringify({ e: jwk.e, kty: 'RSA', n: jwk.n })).digest('base64url');
  return {
    kid,
    privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }) as string,
    publicJwk: { alg: 'RS256', e: jwk.e, kid, kty: 'RSA', n: jwk.n, use: 'sig' },
  };
}

/**
 * A fetcher for aws-jwt-verify's SimpleJwksCache that serves this pool's keys
 * from memory. With cacheJwks() alone, a token whose kid is not in the cached
 * set (a forged or edited header) makes the verifier download the real
 * Cognito URL in the issuer, which offline takes seconds to fail.
 */
export function localJwksFetcher(jwks: () => Jwks): { fetch(uri: string): Promise<ArrayBuffer> } {
  return {
    fetch: async () => {
      const bytes = Buffer.from(JSON.stringify(jwks()), 'utf8');
      return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    },
  };
}

export function issuerFor(region: string, userPoolId: string): string {
  return `https://cognito-idp.${region}.amazonaws.com/${userPoolId}`;
}

export interface TokenSigner {
  sign(payload: JwtPayload): string;
  /** Signature, algorithm and kid only; claims are the caller's business. */
  verifySignature(token: string): JwtPayload | undefined;
  jwks(): Jwks;
}

export function createSigner(key: SigningKey): TokenSigner {
  const privateKey: KeyObject = createPrivateKey(key.privateKeyPem);
  const publicKey: KeyObject = createPublicKey({ key: key.publicJwk, format: 'jwk' });
  const header = base64url(JSON.stringify({ kid: key.kid, alg: 'RS256' }));
  return {
    sign(payload) {
      const body = `${header}.${base64url(JSON.stringify(payload))}`;
      return `${body}.${sign('sha256', Buffer.from(body), privateKey).toString('base64url')}`;
    },
    verifySignature(token) {
      const parts = token.split('.');
      if (parts.length !== 3) return undefined;
      const [h, p, s] = parts as [string, string, string];
      // Node decodes base64url leniently; a non-canonical segment is a tampered token.
      if (![h, p, s].every(isCanonicalBase64url)) return undefined;
      const head = parseSegment(h);
      if (!head || head.alg !== 'RS256' || head.kid !== key.kid) return undefined;
      if (!verify('sha256', Buffer.from(`${h}.${p}`), publicKey, Buffer.from(s, 'base64url'))) return undefined;
      return parseSegment(p);
    },
    jwks: () => ({ keys: [{ ...key.publicJwk }] }),
  };
}

export interface TokenUser {
  sub: string;
  username: string;
  attributes: Record<string, string>;
  groups: string[];
}

export interface TokenSession {
  originJti: string;
  eventId: string;
  authTime: number;
  clientId: string;
}

export const TOKEN_VALIDITY_SECONDS = 3600;

export function mintIdAndAccessTokens(
  signer: TokenSigner,
  issuer: string,
  user: TokenUser,
  session: TokenSession,
  nowMs: number,
): { IdToken: string; AccessToken: string; ExpiresIn: number; TokenType: 'Bearer' } {
  const iat = Math.floor(nowMs / 1000);
  const exp = iat + TOKEN_VALIDITY_SECONDS;
  const groups = user.groups.length > 0 ? { 'cognito:groups': user.groups } : {};
  const idClaims: JwtPayload = {
    sub: user.sub,
    ...groups,
    ...profileClaims(user.attributes),
    iss: issuer,
    'cognito:username': user.username,
    origin_jti: session.originJti,
    aud: session.clientId,
    event_id: session.eventId,
    token_use: 'id',
    auth_time: session.authTime,
    exp,
    iat,
    jti: randomUUID(),
  };
  const accessClaims: JwtPayload = {
    sub: user.sub,
    ...groups,
    iss: issuer,
    client_id: session.clientId,
    origin_jti: session.originJti,
    event_id: session.eventId,
    token_use: 'access',
    scope: 'aws.cognito.signin.user.admin',
    auth_time: session.authTime,
    exp,
    iat,
    jti: randomUUID(),
    username: user.username,
  };
  return {
    IdToken: signer.sign(idClaims),
    AccessToken: signer.sign(accessClaims),
    ExpiresIn: TOKEN_VALIDITY_SECONDS,
    TokenType: 'Bearer',
  };
}

// Cognito puts the user's attributes in the id token, with the *_verified flags
// as booleans rather than the "true"/"false" strings it stores.
function profileClaims(attributes: Record<string, string>): JwtPayload {
  const claims: JwtPayload = {};
  for (const [name, value] of Object.entries(attributes)) {
    if (name.endsWith('_verified')) claims[name] = value === 'true';
    else claims[name] = value;
  }
  return claims;
}

function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

function isCanonicalBase64url(segment: string): boolean {
  return /^[A-Za-z0-9_-]*$/.test(segment) && Buffer.from(segment, 'base64url').toString('base64url') === segment;
}

function parseSegment(segment: string): JwtPayload | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as JwtPayload) : undefined;
  } catch {
    return undefined;
  }
}
