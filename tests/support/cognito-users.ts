// Users of a local user pool made through its admin API, as an operator would: confirmed, with a
// verified email and a permanent password, in the given groups. Only the AWS SDK: the Cognito tests
// use it without loading the client.
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';

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
