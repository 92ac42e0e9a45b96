// A VTL template compiled once into a JavaScript function (emit.ts), with the interpreter's parser.
import { velocityEngine, velocityMap } from '../simulator-internals.js';
import { emitTemplate } from './emit.js';
import * as runtime from './runtime.js';
import type { RenderState } from './runtime.js';

/** Renders into `state`; answers the output as the interpreter's `render` does (before any correction). */
export type CompiledTemplate = (state: RenderState) => unknown;

/** A compiled template and the properties of `$ctx` it can reach (emit.ts: EmittedTemplate). */
export interface CompiledVtl {
  compiled: CompiledTemplate;
  contextReads: ReadonlySet<string> | undefined;
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

/** The compiled template with what it reads of `$ctx`. */
export function compileVtl(text: string): CompiledVtl {
  const { source, contextReads } = emitTemplate(parser.parse(text), parser);
  // Generated at engine build from the template's AST; no input of a request reaches the source.
  const factory = new Function('h', source) as (h: typeof helpers) => CompiledTemplate;
  return { compiled: factory(helpers), contextReads };
}
