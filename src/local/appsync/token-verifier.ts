// Verifies the Authorization header of a request as AppSync does for the Cognito user pool auth
// mode, before any resolver runs: an RS256 JWT signed by one of the pool's keys, issued by the pool,
// not expired, a Cognito id or access token, and (beyond AppSync, which does not consult the pool)
// not revoked by a sign-out when the pool can tell.
//
// The pool is injected as data ({ userPoolId, issuer, jwks, isRevoked }), so that this does not depend
// on how the local Cognito keeps its keys. The keys are fetched from that function only: a token with an
// unknown key id never makes the verifier download the real Cognito URL in its issuer.
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import { JwtExpiredError, JwtParseError } from 'aws-jwt-verify/error';
import { SimpleJwksCache, type Jwks } from 'aws-jwt-verify/jwk';

export type JwtClaims = Record<string, unknown>;

export interface UserPoolTrust {
  /** `<region>_<id>` */
  userPoolId: string;
  /** `https://cognito-idp.<region>.amazonaws.com/<userPoolId>`: the only issuer accepted. */
  issuer: string;
  /** The pool's public signing keys. */
  jwks(): { keys: ReadonlyArray<Record<string, unknown>> } | Promise<{ keys: ReadonlyArray<Record<string, unknown>> }>;
  /** True when the pool revoked the token (sign-out, user disabled or deleted). */
  isRevoked?(claims: JwtClaims): boolean | Promise<boolean>;
}

/** A request that must be refused with HTTP 401 and AppSync's UnauthorizedException. */
export class UnauthorizedError extends Error {
  override name = 'UnauthorizedError';
  constructor(
    /** What AppSync would tell the client. */
    message: string,
    /** Why, for the local log (never sent: it would help a forger). */
    readonly detail: string,
  ) {
    super(message);
  }
}

export class TrustConfigurationError extends Error {
  override name = 'TrustConfigurationError';
}

export interface VerifiedToken {
  token: string;
  claims: JwtClaims;
}

export interface TokenVerifier {
  verify(authorization: string | undefined): Promise<VerifiedToken>;
}

// The messages AppSync is seen to return for these cases.
const MISSING = 'Valid authorization header not provided.';
const UNPARSABLE = 'Unable to parse JWT token.';
const EXPIRED = 'Token has expired.';
const REFUSED = 'You are not authorized to make this call.';

export function createTokenVerifier(trust: UserPoolTrust): TokenVerifier {
  const jwksCache = new SimpleJwksCache({
    fetcher: {
      fetch: async () => {
        const bytes = Buffer.from(JSON.stringify(await trust.jwks()), 'utf8');
        return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
      },
    },
    // Fetching is a local function call, so an unknown key id may re-read the keys at once.
    penaltyBox: { wait: async () => {}, registerFailedAttempt: () => {}, registerSuccessfulAttempt: () => {} },
  });
  let verifier: ReturnType<typeof createCognitoVerifier>;
  try {
    verifier = createCognitoVerifier(trust.userPoolId, jwksCache);
  } catch (error) {
    throw new TrustConfigurationError(`user pool id ${trust.userPoolId} is not of the form <region>_<id>: ${(error as Error).message}`);
  }
  const expectedIssuer = `https://cognito-idp.${trust.userPoolId.split('_')[0]}.amazonaws.com/${trust.userPoolId}`;
  if (trust.issuer !== expectedIssuer) {
    throw new TrustConfigurationError(`issuer ${trust.issuer} is not the one Cognito uses for pool ${trust.userPoolId} (${expectedIssuer})`);
  }
  let keysLoaded: Promise<void> | undefined;
  const loadKeys = () => (keysLoaded ??= Promise.resolve(trust.jwks()).then((jwks) => verifier.cacheJwks(jwks as unknown as Jwks)));
  const verified = verifiedTokens();

  return {
    async verify(authorization) {
      if (authorization === undefined || authorization.trim() === '') throw new UnauthorizedError(MISSING, 'no Authorization header');
      // AppSync takes the raw token; "Bearer <token>" is refused there too.
      const token = authorization.trim();
      if (!/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(token)) {
        throw new UnauthorizedError(UNPARSABLE, token.startsWith('Bearer ') ? 'a "Bearer " prefix (send the raw token)' : 'not a JWT');
      }
      // A token verified before, byte for byte, within its validity: its signature and fields need
      // no second check; revocation is asked again below, as for any token.
      let claims: JwtClaims | undefined = verified.lookup(token);
      if (claims) {
        if (trust.isRevoked && (await trust.isRevoked(claims))) throw new UnauthorizedError(REFUSED, 'the token was revoked by the user pool');
        return { token, claims };
      }
      await loadKeys();
      try {
        claims = (await verifier.verify(token)) as unknown as JwtClaims;
      } catch (error) {
        if (error instanceof JwtExpiredError) throw new UnauthorizedError(EXPIRED, error.message);
        if (error instanceof JwtParseError) throw new UnauthorizedError(UNPARSABLE, error.message);
        throw new UnauthorizedError(REFUSED, `${(error as Error).name}: ${(error as Error).message}`);
      }
      // aws-jwt-verify lets a token without `exp` live forever; Cognito never issues one.
      if (typeof claims.exp !== 'number') throw new UnauthorizedError(REFUSED, 'the token has no exp claim');
      // The global-endpoint issuer form is accepted by aws-jwt-verify; the local pool never signs it.
      if (claims.iss !== trust.issuer) throw new UnauthorizedError(REFUSED, `issuer ${String(claims.iss)} is not ${trust.issuer}`);
      verified.keep(token, claims);
      if (trust.isRevoked && (await trust.isRevoked(claims))) throw new UnauthorizedError(REFUSED, 'the token was revoked by the user pool');
      return { token, claims };
    },
  };
}

/** The most tokens whose verification is remembered (a client keeps one token for up to an hour). */
export const VERIFIED_TOKENS_KEPT = 1000;

/**
 * Tokens that passed verification (signature, issuer, token use, `exp`, `nbf`), by their exact text,
 * with their claims as JSON text (each caller gets claims of its own, as from a verification).
 * A token is answered from here only while aws-jwt-verify's own time checks would still pass it
 * (`exp` not before now, `nbf` not after now, no grace); past that it is verified again and refused
 * with the verifier's own message. At most VERIFIED_TOKENS_KEPT, the oldest dropped first.
 */
function verifiedTokens() {
  const kept = new Map<string, { exp: number; nbf: number | undefined; claims: string }>();
  return {
    lookup(token: string): JwtClaims | undefined {
      const entry = kept.get(token);
      if (!entry) return undefined;
      const now = Date.now() / 1000;
      if (entry.exp < now || (entry.nbf !== undefined && entry.nbf > now)) {
        kept.delete(token);
        return undefined;
      }
      return JSON.parse(entry.claims) as JwtClaims;
    },
    keep(token: string, claims: JwtClaims): void {
      if (kept.has(token)) return;
      if (kept.size >= VERIFIED_TOKENS_KEPT) kept.delete(kept.keys().next().value as string);
      kept.set(token, { exp: claims.exp as number, nbf: typeof claims.nbf === 'number' ? claims.nbf : undefined, claims: JSON.stringify(claims) });
    },
  };
}

function createCognitoVerifier(userPoolId: string, jwksCache: SimpleJwksCache) {
  return CognitoJwtVerifier.create({ userPoolId, tokenUse: null, clientId: null }, { jwksCache });
}
