// Packages the simulator depends on that ship no types; simulator-internals.ts gives each the shape it uses.
declare module 'amplify-velocity-template' {
  const velocity: unknown;
  export default velocity;
}
declare module 'lodash' {
  const lodash: unknown;
  export default lodash;
}
// The simulator's own @graphql-tools/schema, by its CommonJS file (its typings are ES-module ones).
declare module '@aws-amplify/amplify-appsync-simulator/node_modules/@graphql-tools/schema/cjs/index.js' {
  const graphqlToolsSchema: unknown;
  export default graphqlToolsSchema;
}
declare module '@aws-amplify/amplify-appsync-simulator/node_modules/@graphql-tools/utils/cjs/index.js' {
  const graphqlToolsUtils: unknown;
  export default graphqlToolsUtils;
}
