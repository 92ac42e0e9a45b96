/**
 * AppSync's built-in scalars and directives. The compiled schema uses them without declaring them
 * (AppSync knows them), so standard GraphQL tools need this prelude beside it: graphql/aws.graphql.
 */
export const AWS_PRELUDE = `# AppSync's built-in scalars and directives, which the compiled schema (schema.graphql) uses
# without declaring. Written by \`npm run compile\`; give both files to GraphQL tools.

scalar AWSDate
scalar AWSTime
scalar AWSDateTime
scalar AWSTimestamp
scalar AWSEmail
scalar AWSJSON
scalar AWSURL
scalar AWSPhone
scalar AWSIPAddress
scalar BigInt
scalar Double

directive @aws_subscribe(mutations: [String!]!) on FIELD_DEFINITION
directive @aws_auth(cognito_groups: [String!]!) on FIELD_DEFINITION
directive @aws_api_key on FIELD_DEFINITION | OBJECT
directive @aws_iam on FIELD_DEFINITION | OBJECT
directive @aws_lambda on FIELD_DEFINITION | OBJECT
directive @aws_oidc on FIELD_DEFINITION | OBJECT
directive @aws_cognito_user_pools(cognito_groups: [String!]) on FIELD_DEFINITION | OBJECT
`;
