import { checkUserPoolId, type Context } from '../context.js';
import { TEMPORARY_PASSWORD_VALIDITY_MS } from '../passwords.js';
import { epochSeconds } from '../users.js';
import type { Input } from '../validate.js';

const STANDARD = [
  'address', 'birthdate', 'email', 'family_name', 'gender', 'given_name', 'locale', 'middle_name', 'name', 'nickname',
  'phone_number', 'picture', 'preferred_username', 'profile', 'zoneinfo', 'website',
];

/** The pool as the project's auth stack defines it, in Cognito's `UserPoolType` shape. */
export function describeUserPool(input: Input, ctx: Context) {
  checkUserPoolId(input, ctx);
  return { UserPool: userPoolType(ctx) };
}

export function poolDisplayName(ctx: Context): string {
  // Deployed: `<userPoolName>-<env>`; the local cloud's environment is "local".
  return `${ctx.config.userPoolName}-local`;
}

function userPoolType(ctx: Context): Record<string, unknown> {
  const { config, state } = ctx;
  const policy = config.passwordPolicy;
  const string = (name: string) => ({
    Name: name, AttributeDataType: 'String', DeveloperOnlyAttribute: false, Mutable: name !== 'sub',
    Required: name === 'sub' || config.requiredAttributes.includes(name),
    StringAttributeConstraints: name === 'sub' ? { MinLength: '1', MaxLength: '2048' } : { MinLength: '0', MaxLength: '2048' },
  });
  const flag = (name: string) => ({ Name: name, AttributeDataType: 'Boolean', DeveloperOnlyAttribute: false, Mutable: true, Required: false });
  return {
    Id: state.userPoolId,
    Name: poolDisplayName(ctx),
    Policies: {
      PasswordPolicy: {
        MinimumLength: policy.minLength,
        RequireUppercase: policy.requireUppercase,
        RequireLowercase: policy.requireLowercase,
        RequireNumbers: policy.requireNumbers,
        RequireSymbols: policy.requireSymbols,
        TemporaryPasswordValidityDays: TEMPORARY_PASSWORD_VALIDITY_MS / (24 * 3600 * 1000),
      },
    },
    DeletionProtection: 'INACTIVE',
    LambdaConfig: {},
    LastModifiedDate: epochSeconds(state.createdAt),
    CreationDate: epochSeconds(state.createdAt),
    SchemaAttributes: [
      string('sub'), ...STANDARD.map(string), flag('email_verified'), flag('phone_number_verified'),
      { Name: 'updated_at', AttributeDataType: 'Number', DeveloperOnlyAttribute: false, Mutable: true, Required: false, NumberAttributeConstraints: { MinValue: '0' } },
    ],
    AutoVerifiedAttributes: config.autoVerifiedAttributes,
    UsernameConfiguration: { CaseSensitive: config.usernameCaseSensitive },
    MfaConfiguration: 'OFF',
    EstimatedNumberOfUsers: Object.keys(state.users).length,
    AdminCreateUserConfig: { AllowAdminCreateUserOnly: false, UnusedAccountValidityDays: 7 },
    Arn: `arn:aws:cognito-idp:${state.region}:000000000000:userpool/${state.userPoolId}`,
  };
}
