// One render of a compiled template, answering what the simulator's VelocityTemplate.render answers
// with the engine's corrections of graphql-engine.ts (the output of a #return, the log line for a
// failure of the engine itself): the output parsed as JSON, the stash and arguments as the template
// left them, the errors its $util calls raised, whether it returned early or failed.
import type { Render, RenderResult } from '../constant-templates.js';
import { CONTEXT_READS, inputAfterRender, type RenderValues } from '../render-context.js';
import { velocityErrors } from '../simulator-internals.js';
import type { CompiledTemplate } from './compile.js';
import { newScopes, newState } from './runtime.js';

interface RenderContext {
  util: { errors: unknown[] };
  ctx: Record<string, unknown>;
}

export type BuildRenderContext = (values: Parameters<Render>[0], requestContext: unknown, info: unknown) => unknown;

/** The compiled function of a template instance (a field, so that a test can observe its output). */
export interface CompiledHolder {
  compiled: CompiledTemplate;
  /** Its answer depends only on its stash and arguments (emit.ts). */
  pure?: boolean;
  /** The properties of `$ctx` it can reach (undefined: all); the render converts only those. */
  contextReads?: ReadonlySet<string>;
}

export function compiledRender(holder: CompiledHolder, buildRenderContext: BuildRenderContext, path: string | undefined, log: (line: string) => void): Render {
  const scopes = newScopes();
  return (values, requestContext, info): RenderResult => {
    const inputs = values as RenderValues;
    // The render context converts only what the template can reach (render-context.ts).
    const withReads: RenderValues = holder.contextReads ? { ...inputs, [CONTEXT_READS]: holder.contextReads } : inputs;
    const context = buildRenderContext(withReads, requestContext, info) as RenderContext;
    const state = newState(context as unknown as Record<string, unknown>, scopes);
    let output: unknown;
    try {
      const text = holder.compiled(state);
      output = state.returned ? returnedText(text) : text;
    } catch (error) {
      if (context.util.errors.length === 0) log(`[graphql] the VTL engine failed in ${path ?? 'a template'}: ${(error as Error).message}`);
      const lastError = context.util.errors.length && context.util.errors[context.util.errors.length - 1];
      const validated = lastError && lastError instanceof velocityErrors.ValidateError;
      return {
        result: validated ? (lastError as { data?: unknown }).data : null,
        errors: [...context.util.errors],
        isReturn: !!validated,
        stash: inputAfterRender(context, holder.contextReads, 'stash', inputs),
        args: inputAfterRender(context, holder.contextReads, 'args', inputs),
        hadException: true,
      };
    }
    const isReturn = state.returned;
    const stash = inputAfterRender(context, holder.contextReads, 'stash', inputs);
    const args = inputAfterRender(context, holder.contextReads, 'args', inputs);
    try {
      const result: unknown = JSON.parse(output as string);
      return { result, stash, args, errors: context.util.errors, isReturn, hadException: false };
    } catch {
      if (isReturn) return { result: output, stash, args, errors: context.util.errors, isReturn, hadException: false };
      throw new velocityErrors.TemplateSentError(
        `Unable to convert ${output as string} to class com.amazonaws.deepdish.transform.model.lambda.LambdaVersionedConfig.`,
        'MappingTemplate',
        null,
        null,
        info,
      );
    }
  };
}

/** The output of a template that ended in `#return(value)`: a returned string is the output itself. */
export function returnedText(output: unknown): unknown {
  if (output === null) return output;
  try {
    const value: unknown = JSON.parse(output as string);
    return typeof value === 'string' ? value : output;
  } catch {
    return output;
  }
}
