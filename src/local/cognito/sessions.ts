// Sign-in sessions: the refresh token, and the revocation that sign-out applies
// to every token minted from it. Refresh tokens are opaque random strings,
// stored only as SHA-256 hashes.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Context } from './context.js';
import { errors } from './errors.js';
import type { SessionRecord, UserRecord } from './store.js';
import { mintIdAndAccessTokens, type JwtPayload } from './tokens.js';
import { sortedGroups, userKey } from './users.js';

export interface AuthenticationResult {
  AccessToken: string;
  IdToken: string;
  RefreshToken?: string;
  ExpiresIn: number;
  TokenType: 'Bearer';
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function tokensFor(ctx: Context, user: UserRecord, session: SessionRecord): AuthenticationResult {
  return mintIdAndAccessTokens(
    ctx.signer,
    ctx.issuer,
    { sub: user.sub, username: user.username, attributes: user.attributes, groups: sortedGroups(ctx, user) },
    { originJti: session.originJti, eventId: session.eventId, authTime: session.authTime, clientId: session.clientId },
    ctx.now(),
  );
}

/** A successful sign-in: a new session and its three tokens. */
export function startSession(ctx: Context, user: UserRecord, clientId: string): AuthenticationResult {
  const now = ctx.now();
  pruneSessions(ctx, now);
  const refreshToken = randomBytes(48).toString('base64url');
  const session: SessionRecord = {
    originJti: randomUUID(),
    userKey: userKey(ctx, user.username),
    clientId,
    refreshTokenHash: hashToken(refreshToken),
    authTime: Math.floor(now / 1000),
    eventId: randomUUID(),
    expiresAt: now + ctx.config.refreshTokenValidityDays * 24 * 3600 * 1000,
  };
  ctx.state.sessions[session.originJti] = session;
  ctx.changed();
  return { ...tokensFor(ctx, user, session), RefreshToken: refreshToken };
}

function findSessionByRefreshToken(ctx: Context, refreshToken: string): SessionRecord | undefined {
  const hash = hashToken(refreshToken);
  return Object.values(ctx.state.sessions).find((s) => s.refreshTokenHash === hash);
}

/** New id and access tokens for a refresh token; the refresh token itself is not rotated. */
export function refreshSession(ctx: Context, refreshToken: string, clientId: string): AuthenticationResult {
  const session = findSessionByRefreshToken(ctx, refreshToken);
  if (!session || session.clientId !== clientId) throw errors.notAuthorized('Invalid Refresh Token');
  const user = ctx.state.users[session.userKey];
  // Disabling revokes every session too; while the user is disabled, that is the clearer answer.
  if (user && !user.enabled) throw errors.notAuthorized('User is disabled.');
  if (!user || session.revokedAt !== undefined) throw errors.notAuthorized('Refresh Token has been revoked');
  if (session.expiresAt <= ctx.now()) throw errors.notAuthorized('Refresh Token has expired');
  return tokensFor(ctx, user, session);
}

/** RevokeToken: an unknown token is not an error (RFC 7009); another client's token is. */
export function revokeRefreshToken(ctx: Context, refreshToken: string, clientId: string): void {
  const session = findSessionByRefreshToken(ctx, refreshToken);
  if (!session) return;
  if (session.clientId !== clientId) throw errors.notAuthorized('Invalid client for this token');
  if (session.revokedAt === undefined) {
    session.revokedAt = ctx.now();
    ctx.changed();
  }
}

/** GlobalSignOut / AdminUserGlobalSignOut: every session of the user, on every client. */
export function revokeAllSessions(ctx: Context, user: UserRecord): void {
  const key = userKey(ctx, user.username);
  const now = ctx.now();
  for (const session of Object.values(ctx.state.sessions)) {
    if (session.userKey === key && session.revokedAt === undefined) session.revokedAt = now;
  }
  ctx.changed();
}

/** A deleted user's sessions can go at once: their tokens are refused for lack of a session. */
export function dropAllSessions(ctx: Context, key: string): void {
  for (const [id, session] of Object.entries(ctx.state.sessions)) {
    if (session.userKey === key) delete ctx.state.sessions[id];
  }
  ctx.changed();
}

// Revoked sessions are kept until their refresh token would have expired, so a
// late refresh gets "revoked" rather than "invalid".
function pruneSessions(ctx: Context, now: number): void {
  for (const [id, session] of Object.entries(ctx.state.sessions)) {
    if (session.expiresAt <= now) delete ctx.state.sessions[id];
  }
}

/**
 * Whether a token this pool signed should no longer be accepted: its session was
 * revoked (sign-out) or has gone, or its user was deleted or disabled. Callers
 * verify signature and expiry first; this answers only the revocation question.
 */
export function isRevoked(ctx: Context, claims: JwtPayload): boolean {
  const originJti = claims.origin_jti;
  if (typeof originJti !== 'string') return true;
  const session = ctx.state.sessions[originJti];
  if (!session || session.revokedAt !== undefined) return true;
  const user = ctx.state.users[session.userKey];
  return !user || !user.enabled || user.sub !== claims.sub;
}

/** The user behind an access token, for GetUser and the other token-authorised actions. */
export function authenticate(ctx: Context, accessToken: string): UserRecord {
  const claims = ctx.signer.verifySignature(accessToken);
  if (!claims || claims.token_use !== 'access' || claims.iss !== ctx.issuer) throw errors.notAuthorized('Invalid Access Token');
  if (typeof claims.exp !== 'number' || claims.exp * 1000 <= ctx.now()) throw errors.notAuthorized('Access Token has expired');
  const session = typeof claims.origin_jti === 'string' ? ctx.state.sessions[claims.origin_jti] : undefined;
  if (!session || session.revokedAt !== undefined) throw errors.notAuthorized('Access Token has been revoked');
  const user = ctx.state.users[session.userKey];
  if (!user || user.sub !== claims.sub) throw errors.userNotFound();
  if (!user.enabled) throw errors.notAuthorized('User is disabled.');
  return user;
}
