// Packages the simulator depends on that ship no types; simulator-internals.ts gives each the shape it uses.
declare module 'amplify-velocity-template' {
  const velocity: unknown;
  export default velocity;
}
declare module 'lodash' {
  const lodash: unknown;
  export default lodash;
}
