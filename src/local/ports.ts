// Default ports of the local cloud (each one can be changed; 0 picks a free port). Cognito's default
// is its module's own (9325), kept out of the way of Node's inspector port 9229.
export { DEFAULT_PORT as DEFAULT_COGNITO_PORT } from './cognito/index.js';
export const DEFAULT_GRAPHQL_PORT = 20002;
export const DEFAULT_DYNAMODB_PORT = 20003;
