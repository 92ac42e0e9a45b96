// Mapping templates parsed when they first render instead of when the API is given to the simulator.
// The simulator's init parses every template of the API up front (hundreds for this project, about
// half a second, most of `npm start` with its data kept), although a request renders only the few of
// its resolvers. Here the simulator gets its usual VelocityTemplate objects, whose parsed form (their
// `compiler`) is made on first use; everything else (the template's path and text, the resolvers that
// look it up) is as the simulator's own init leaves it.
//
// A template that does not parse therefore fails at its first render (the resolver's error), not at
// start; a reload parses eagerly so that a broken slot keeps the previous API serving.
import type { AmplifyAppSyncSimulatorConfig } from '@aws-amplify/amplify-appsync-simulator';
import { AmplifyAppSyncSimulator, VelocityTemplate } from './simulator-internals.js';

const WHEN_PARSED = Symbol('patches applied once the template is parsed');

interface DeferredTemplate {
  template: { path?: string; content: string | Buffer };
  compiler: unknown;
  [WHEN_PARSED]?: Array<(compiler: never) => void>;
}

/** The simulator's init, with every mapping template left unparsed until it first renders. */
export function initDeferringTemplates(simulator: AmplifyAppSyncSimulator, config: AmplifyAppSyncSimulatorConfig): void {
  const templates = new Map<string | undefined, DeferredTemplate>();
  for (const { path, content } of config.mappingTemplates ?? []) {
    // As the simulator normalises a path (its `slash`): the resolvers look templates up by it.
    const template = path === undefined ? { content } : { path: path.replaceAll('\\', '/'), content };
    templates.set(template.path, deferredTemplate(template, simulator));
  }
  const own = simulator as unknown as { mappingTemplates: typeof templates; getMappingTemplate?: (path: string) => DeferredTemplate };
  // The resolvers look up their templates while init builds them; init itself gets none to parse.
  own.getMappingTemplate = (path) => {
    const template = templates.get(path);
    if (!template) throw new Error(`Missing mapping template ${path}`);
    return template;
  };
  try {
    simulator.init({ ...config, mappingTemplates: [] });
  } finally {
    delete own.getMappingTemplate;
  }
  own.mappingTemplates = templates;
}

function deferredTemplate(template: DeferredTemplate['template'], simulator: AmplifyAppSyncSimulator): DeferredTemplate {
  const deferred = Object.create(VelocityTemplate.prototype) as DeferredTemplate & { simulatorContext: unknown };
  deferred.template = template;
  deferred.simulatorContext = simulator;
  const patches: Array<(compiler: never) => void> = [];
  deferred[WHEN_PARSED] = patches;
  let compiler: unknown;
  Object.defineProperty(deferred, 'compiler', {
    enumerable: true,
    configurable: true,
    get() {
      if (compiler === undefined) {
        // The simulator's own constructor parses, with its own error for a template that does not parse.
        compiler = (new VelocityTemplate(template as never, simulator) as unknown as { compiler: unknown }).compiler;
        for (const patch of patches.splice(0)) patch(compiler as never);
        delete deferred[WHEN_PARSED];
      }
      return compiler;
    },
  });
  return deferred;
}

/** Applies `patch` to the template's parsed form: now when it is parsed, else when it first is. */
export function whenParsed<Compiler>(template: { compiler: Compiler }, patch: (compiler: Compiler) => void): void {
  const pending = (template as unknown as DeferredTemplate)[WHEN_PARSED];
  if (pending) pending.push(patch as (compiler: never) => void);
  else patch(template.compiler);
}

/**
 * A function that calls `choose()` on its first call (a render, say, that first compiles its
 * template) and from then on the function chosen.
 */
export function chosenOnFirstUse<F extends (...args: never[]) => unknown>(choose: () => F): F {
  let chosen: F | undefined;
  return ((...args: Parameters<F>) => (chosen ??= choose())(...args)) as F;
}
