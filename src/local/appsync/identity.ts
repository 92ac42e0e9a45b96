// `$ctx.identity` as AppSync builds it for the Cognito user pool auth mode.
import type { JwtClaims } from './token-verifier.js';

export interface CognitoIdentity {
  sub: string | null;
  issuer: string | null;
  /** `username` of an access token, `cognito:username` of an id token. */
  username: string | null;
  claims: JwtClaims;
  /** AppSync gives a list (the client address, then any proxies). */
  sourceIp: string[];
  /** The user pool's default action; Amplify's user pool APIs deploy ALLOW. */
  defaultAuthStrategy: 'ALLOW' | 'DENY';
  groups: string[] | null;
}

export function cognitoIdentity(claims: JwtClaims, sourceIp: string): CognitoIdentity {
  const text = (value: unknown) => (typeof value === 'string' ? value : null);
  const groups = claims['cognito:groups'];
  return {
    sub: text(claims.sub),
    issuer: text(claims.iss),
    username: text(claims.username) ?? text(claims['cognito:username']),
    claims,
    sourceIp: [sourceIp],
    defaultAuthStrategy: 'ALLOW',
    groups: Array.isArray(groups) ? groups.map(String) : null,
  };
}
