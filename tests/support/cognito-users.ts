// Users of a local user pool made through its admin API, as an operator would: confirmed, with a
// verified email and a permanent password, in the given groups. Only the AWS SDK: the Cognito tests
// use it without loading the client.
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  type AuthenticationResultType,
} from '@aws-sdk/client-cognito-identity-provider';
import { clientClaimSignature, clientEphemeral, poolNameOf } from '../../src/local/cognito/srp.js';

/**
 * An SDK client of a local user pool (`cloud.cognito`, or a pool started on its own). The pool takes
 * any credentials for its admin API; no retries, so that a failure shows at once.
 */
export function adminClient(pool: { region: string; endpoint: string }): CognitoIdentityProviderClient {
  return new CognitoIdentityProviderClient({
    region: pool.region,
    endpoint: pool.endpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
}

/** A confirmed user with `<username>@example.com` (verified) and a permanent password, in the given groups. */
export async function createConfirmedUser(
  admin: CognitoIdentityProviderClient,
  userPoolId: string,
  username: string,
  password: string,
  groups: readonly string[] = [],
): Promise<void> {
  await admin.send(
    new AdminCreateUserCommand({
      UserPoolId: userPoolId,
      Username: username,
      MessageAction: 'SUPPRESS',
      UserAttributes: [
        { Name: 'email', Value: `${username}@example.com` },
        { Name: 'email_verified', Value: 'true' },
      ],
    }),
  );
  await admin.send(new AdminSetUserPasswordCommand({ UserPoolId: userPoolId, Username: username, Password: password, Permanent: true }));
  for (const GroupName of groups) await admin.send(new AdminAddUserToGroupCommand({ UserPoolId: userPoolId, Username: username, GroupName }));
}

/**
 * USER_SRP_AUTH through the SDK: the flow the CLI's app clients allow (they refuse
 * USER_PASSWORD_AUTH, as a deployed pool does). The client-side math is the pool's own (srp.ts).
 */
export async function signInWithSrp(
  client: CognitoIdentityProviderClient,
  pool: { userPoolId: string; clientId: string },
  username: string,
  password: string,
): Promise<AuthenticationResultType> {
  const { a, A } = clientEphemeral();
  const start = await client.send(new InitiateAuthCommand({
    ClientId: pool.clientId, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: username, SRP_A: A },
  }));
  const p = start.ChallengeParameters ?? {};
  const timestamp = cognitoTimestamp(new Date());
  const signature = clientClaimSignature({
    poolName: poolNameOf(pool.userPoolId), userIdForSrp: p.USER_ID_FOR_SRP!, password, a, A,
    B: p.SRP_B!, salt: p.SALT!, secretBlock: p.SECRET_BLOCK!, timestamp,
  });
  const done = await client.send(new RespondToAuthChallengeCommand({
    ClientId: pool.clientId,
    ChallengeName: 'PASSWORD_VERIFIER',
    ChallengeResponses: { USERNAME: p.USER_ID_FOR_SRP!, PASSWORD_CLAIM_SECRET_BLOCK: p.SECRET_BLOCK!, TIMESTAMP: timestamp, PASSWORD_CLAIM_SIGNATURE: signature },
  }));
  if (!done.AuthenticationResult) throw new Error(`${username} did not get tokens: challenge ${done.ChallengeName ?? 'none'}`);
  return done.AuthenticationResult;
}

// "Tue Nov 26 10:44:31 UTC 2026", the TIMESTAMP form Cognito's SRP expects (day without padding).
function cognitoTimestamp(d: Date): string {
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const two = (n: number) => String(n).padStart(2, '0');
  return `${days[d.getUTCDay()]} ${months[d.getUTCMonth()]} ${d.getUTCDate()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
}
