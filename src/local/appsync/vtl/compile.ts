// A VTL template compiled once into a JavaScript function (emit.ts), with the interpreter's parser.
import { velocityEngine, velocityMap } from '../simulator-internals.js';
import { emitTemplate, UnsupportedTemplateError } from './emit.js';
import * as runtime from './runtime.js';
import type { RenderState } from './runtime.js';

/** Renders into `state`; answers the output as the interpreter's `render` does (before any correction). */
export type CompiledTemplate = (state: RenderState) => unknown;

/** A compiled template and the properties of `$ctx` it can reach (emit.ts: EmittedTemplate). */
export interface CompiledVtl {
  compiled: CompiledTemplate;
  contextReads: ReadonlySet<string> | undefined;
  /** Its answer depends only on the stash and arguments it is given (emit.ts). */
  pure: boolean;
}

const parser = {
  parse: (text: string) => velocityEngine.parse(text),
  refText: (ast: unknown) => velocityEngine.Helper.getRefText(ast),
};

const helpers = { ...runtime, map: velocityMap };

/** The JavaScript source of a template's render function (for reading and debugging). */
export function templateSource(text: string): string {
  return emitTemplate(parser.parse(text), parser).source;
}

/** Throws UnsupportedTemplateError for a template with a construct emit.ts does not translate. */
export function compileTemplate(text: string): CompiledTemplate {
  return compileVtl(text).compiled;
}

/**
 * Whether a template's answer depends only on its stash and arguments (emit.ts: `pure`), without
 * compiling it; false for a template the compiler does not translate.
 */
export function isPureTemplate(text: string): boolean {
  try {
    return emitTemplate(parser.parse(text), parser).pure;
  } catch (error) {
    if (error instanceof UnsupportedTemplateError) return false;
    throw error;
  }
}

/** The compiled template with what it reads of `$ctx`. */
export function compileVtl(text: string): CompiledVtl {
  const { source, contextReads, pure } = emitTemplate(parser.parse(text), parser);
  // Generated at engine build from the template's AST; no input of a request reaches the source.
  const factory = new Function('h', source) as (h: typeof helpers) => CompiledTemplate;
  return { compiled: factory(helpers), contextReads, pure };
}
