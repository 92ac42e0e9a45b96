// Templates whose output does not depend on anything they are given: `$util.toJson(<literal>)` and
// nothing else (the transformer writes one as the request template of every field resolver that
// needs no data, such as `Ride.owner`: once per item of a list page). The engine renders such a
// template once, then answers what that render answered without building a VTL context, which is
// most of the cost of a render (converting the field's source, the stash and the arguments).
//
// What a render returns besides its output stays exact: the stash and arguments come back as the
// copies the VTL engine would have made of them (plain-copy.ts), with no errors and no #return.
import { isPlainObject, NOT_PLAIN, plainCopy } from './plain-copy.js';

/** The simulator's VelocityTemplate.render as the resolvers call it. */
export type Render = (values: { arguments?: unknown; stash?: unknown }, requestContext: unknown, info: unknown) => RenderResult;

export interface RenderResult {
  result: unknown;
  stash: unknown;
  args: unknown;
  errors: unknown[];
  isReturn: boolean;
  hadException: boolean;
}

/**
 * True for a template that is one `$util.toJson(...)` of a literal: without `##` comment lines, a
 * single `$` and no `#` (so no directive, no other reference, no reference inside the literal).
 */
export function isConstantTemplate(text: string): boolean {
  const body = text
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('##'))
    .join('\n')
    .trim();
  if (!/^\$utils?\.toJson\(/.test(body) || !body.endsWith(')')) return false;
  return body.indexOf('$', 1) === -1 && !body.includes('#');
}

/** A render that runs the real one until it once succeeds plainly, and then answers as it did. */
export function renderOnce(render: Render): Render {
  let output: string | undefined;
  return (values, requestContext, info) => {
    const plain = isPlainObject(values.arguments) && (values.stash === undefined || isPlainObject(values.stash));
    const args = output !== undefined && plain ? plainCopy(values.arguments) : NOT_PLAIN;
    const stash = args !== NOT_PLAIN ? plainCopy(values.stash ?? {}) : NOT_PLAIN;
    if (args === NOT_PLAIN || stash === NOT_PLAIN) {
      const rendered = render(values, requestContext, info);
      if (output === undefined && !rendered.hadException && !rendered.isReturn && rendered.errors.length === 0) output = JSON.stringify(rendered.result);
      return rendered;
    }
    return { result: JSON.parse(output!), stash, args, errors: [], isReturn: false, hadException: false };
  };
}
