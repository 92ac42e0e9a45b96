// What AppSync's VTL offers subscription resolvers and the simulator lacks: `$extensions`
// (`setSubscriptionFilter`, `setSubscriptionInvalidationFilter`) and
// `$util.transform.toSubscriptionFilter`. They are added to the render context of the templates of
// the Subscription resolvers only (their own and their pipeline functions'), on the template
// instances of the engine's simulator, the way the engine itself adapts templates; the engine's
// files are not changed.
//
// A render records into the state object that the realtime endpoint puts into the request context
// of a subscription start (under SUBSCRIPTION_STATE); outside a start the extensions do nothing.
import type { AmplifyAppSyncSimulator } from '@aws-amplify/amplify-appsync-simulator';
import type { ApiDefinition } from '../appsync/api-definition.js';
import { checkSubscriptionFilter, SubscriptionFilterError, toSubscriptionFilter, type SubscriptionFilter } from './subscription-filter.js';

/** Key of the subscription state in the request context of a subscription start. */
export const SUBSCRIPTION_STATE = Symbol.for('wildrydes.realtime.subscriptionState');

export interface SubscriptionRenderState {
  /** Set by `$extensions.setSubscriptionFilter`. */
  filter?: SubscriptionFilter;
  /** Set by `$extensions.setSubscriptionInvalidationFilter` (kept; no mutation invalidates here). */
  invalidationFilter?: SubscriptionFilter;
  /** Filters AppSync would refuse: the start fails with these. */
  errors: SubscriptionFilterError[];
}

interface RenderContext {
  util: Record<string, unknown>;
  [name: string]: unknown;
}

interface PatchableTemplate {
  buildRenderContext(this: PatchableTemplate, values: unknown, request: object, info: unknown): RenderContext;
}

const PATCHED = Symbol.for('wildrydes.realtime.extensionsPatched');
const USES_EXTENSIONS = /\$!?\{?(extensions\b|util\.transform\.toSubscriptionFilter\b)/;

/** JavaScript value of a VTL value (the simulator's Java-like maps and lists convert through toJSON). */
function plain(value: unknown): unknown {
  return value === undefined ? undefined : (JSON.parse(JSON.stringify(value)) as unknown);
}

/**
 * Adds the extensions to the templates of the API's Subscription resolvers that use them. Returns
 * how many templates were adapted (0 means no subscription resolver uses them).
 */
export function enableSubscriptionExtensions(simulator: AmplifyAppSyncSimulator, api: ApiDefinition): number {
  const templates = (simulator as unknown as { mappingTemplates: Map<string, PatchableTemplate> }).mappingTemplates;
  const functions = new Map(api.functions.map((fn) => [fn.id, fn]));
  const keys = new Set<string>();
  for (const resolver of api.resolvers) {
    if (resolver.typeName !== 'Subscription') continue;
    keys.add(resolver.requestTemplate);
    keys.add(resolver.responseTemplate);
    if (resolver.kind === 'PIPELINE') {
      for (const id of resolver.functions) {
        const fn = functions.get(id);
        if (fn) keys.add(fn.requestTemplate).add(fn.responseTemplate);
      }
    }
  }
  let patched = 0;
  for (const key of keys) {
    // Only the templates that use them (functions such as postAuth are shared with queries).
    if (!USES_EXTENSIONS.test(api.templates.get(key) ?? '')) continue;
    const template = templates.get(key) as (PatchableTemplate & { [PATCHED]?: true }) | undefined;
    if (!template || template[PATCHED]) continue;
    const build = template.buildRenderContext;
    template.buildRenderContext = function (values, request, info) {
      const rendered = build.call(this, values, request, info);
      const state = (request as { [SUBSCRIPTION_STATE]?: SubscriptionRenderState })[SUBSCRIPTION_STATE];
      rendered.extensions = extensions(state);
      const transform = rendered.util.transform as Record<string, unknown> | undefined;
      rendered.util.transform = { ...transform, toSubscriptionFilter: subscriptionFilterOf(state) };
      return rendered;
    };
    template[PATCHED] = true;
    patched++;
  }
  return patched;
}

function subscriptionFilterOf(state: SubscriptionRenderState | undefined) {
  return (filter: unknown, ignoredFields?: unknown): SubscriptionFilter | null => {
    try {
      const ignored = plain(ignoredFields);
      return toSubscriptionFilter(plain(filter), Array.isArray(ignored) ? ignored.map(String) : []);
    } catch (error) {
      if (!(error instanceof SubscriptionFilterError)) throw error;
      state?.errors.push(error);
      return null;
    }
  };
}

function extensions(state: SubscriptionRenderState | undefined) {
  // Each returns '' so that the call renders as nothing (as a void method does in AppSync's Velocity;
  // the JavaScript engine prints the reference itself for null).
  const record = (key: 'filter' | 'invalidationFilter') => (filter: unknown) => {
    if (!state) return '';
    try {
      if (filter !== null && filter !== undefined) state[key] = checkSubscriptionFilter(plain(filter));
    } catch (error) {
      if (!(error instanceof SubscriptionFilterError)) throw error;
      state.errors.push(error);
    }
    return '';
  };
  return {
    setSubscriptionFilter: record('filter'),
    setSubscriptionInvalidationFilter: record('invalidationFilter'),
    // Only mutation resolvers call this; nothing in a subscription start to invalidate.
    invalidateSubscriptions: () => '',
  };
}
