// Templates whose output does not depend on anything they are given: `$util.toJson(<literal>)` and
// nothing else (the transformer writes one as the request template of every field resolver that
// needs no data, such as `Ride.owner`: once per item of a list page). The engine renders such a
// template once, then answers what that render answered without building a VTL context, which is
// most of the cost of a render (converting the field's source, the stash and the arguments).
//
// What a render returns besides its output stays exact: the stash and arguments come back as the
// deep copies the VTL engine would have made of them (plain objects and arrays copied, everything
// else as is), with no errors and no #return.

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
    const plain = isPlain(values.arguments) && (values.stash === undefined || isPlain(values.stash));
    const args = output !== undefined && plain ? copy(values.arguments) : UNUSUAL;
    const stash = args !== UNUSUAL ? copy(values.stash ?? {}) : UNUSUAL;
    if (args === UNUSUAL || stash === UNUSUAL) {
      const rendered = render(values, requestContext, info);
      if (output === undefined && !rendered.hadException && !rendered.isReturn && rendered.errors.length === 0) output = JSON.stringify(rendered.result);
      return rendered;
    }
    return { result: JSON.parse(output!), stash, args, errors: [], isReturn: false, hadException: false };
  };
}

/** A value whose round trip through the VTL engine's values is not a plain copy: the real render handles it. */
const UNUSUAL = Symbol('unusual');

function isPlain(value: unknown): value is object {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

/**
 * What converting a JavaScript value to the VTL engine's values and back gives (render-context.ts's
 * toVelocity, then toJSON): plain objects and arrays copied, objects with a toJSON method (a Date)
 * as that method answers, anything else as is. Keys the conversion treats specially (`__proto__`,
 * and `toJSON`, which the VTL map's proxy would answer with the value) make the value UNUSUAL.
 */
function copy(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) if ((out[i] = copy(value[i])) === UNUSUAL) return UNUSUAL;
    return out;
  }
  if (isPlain(value)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      if (key === '__proto__' || key === 'toJSON') return UNUSUAL;
      if ((out[key] = copy((value as Record<string, unknown>)[key])) === UNUSUAL) return UNUSUAL;
    }
    return out;
  }
  return 'toJSON' in value ? (value as { toJSON(): unknown }).toJSON() : value;
}
