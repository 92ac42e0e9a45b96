// The simulator's requires that it loads at start but uses only later or never (see
// simulator-deferrals.ts for why each). Plain JavaScript, so that the bundle's build script
// (src/local/bundle/build-bundle.mjs), which node runs without TypeScript, reads the same list and
// makes the same stand-ins.
export const DEFERRED_SIMULATOR_MODULES = [
  '@aws-amplify/amplify-cli-core',
  '@aws-amplify/amplify-prompts',
  './server',
  'libphonenumber-js',
  'moment',
  'moment-timezone',
  'moment-jdateformatparser',
];

/**
 * What a stand-in must know of a deferred module without loading it. `callable`: the module is a
 * CommonJS function (moment): the stand-in forwards calls and answers `__esModule` (absent) itself,
 * because TypeScript's `__importDefault` reads it when the simulator requires the module.
 * `loadWith`: deferred modules that patch this one and are required only for that (moment's
 * plugins), loaded right after it.
 * @type {Readonly<Record<string, { callable?: boolean, loadWith?: readonly string[] }>>}
 */
export const DEFERRED_MODULE_SHAPES = {
  // The simulator's $util.time (velocity/util/time.js) is the only user of moment and its plugins:
  // the timezone data takes a tenth of a second to unpack, and only a render that calls
  // $util.time needs it.
  moment: { callable: true, loadWith: ['moment-timezone', 'moment-jdateformatparser'] },
};

/**
 * The exports of a deferred module's stand-in: every use (a property, `in`, a call) loads the
 * real module with `load` (which keeps it) and goes to it.
 * @param {() => any} load
 * @param {{ callable?: boolean }} [shape]
 */
export function deferredExports(load, shape = {}) {
  const has = (_target, key) => key in load();
  if (!shape.callable) return new Proxy({}, { get: (_target, key) => load()[key], has });
  return new Proxy(function deferredModule() {}, {
    get: (_target, key) => (key === '__esModule' ? undefined : load()[key]),
    has,
    apply: (_target, thisArg, args) => Reflect.apply(load(), thisArg, args),
    construct: (_target, args) => Reflect.construct(load(), args),
  });
}
