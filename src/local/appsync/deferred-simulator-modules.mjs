// The simulator's requires that it loads at start but uses only later or never (see
// simulator-deferrals.ts for why each). Plain JavaScript, so that the bundle's build script
// (src/local/bundle/build-bundle.mjs), which node runs without TypeScript, reads the same list.
export const DEFERRED_SIMULATOR_MODULES = ['@aws-amplify/amplify-cli-core', '@aws-amplify/amplify-prompts', './server', 'libphonenumber-js'];
