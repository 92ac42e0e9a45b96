// What converting a JavaScript value to the VTL engine's values and back gives (render-context.ts's
// toVelocity, then toJSON), made without converting: plain objects and arrays copied, objects with a
// toJSON method (a Date) as that method answers, anything else as is. A value whose round trip is
// not such a copy is NOT_PLAIN, and the caller converts it for real. Those are objects with a key
// the VTL map treats specially: `__proto__` (dropped by the conversion), `toJSON` (the map's proxy
// answers toJSON with the entry) and `map` (JavaMap.toJSON reads its entries as `this.map`, which
// the proxy answers with the entry, so it fails).

/** A value whose round trip through the VTL engine's values is not a plain copy. */
export const NOT_PLAIN = Symbol('not plain');

export function isPlainObject(value: unknown): value is object {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

export function plainCopy(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) if ((out[i] = plainCopy(value[i])) === NOT_PLAIN) return NOT_PLAIN;
    return out;
  }
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      if (key === '__proto__' || key === 'toJSON' || key === 'map') return NOT_PLAIN;
      if ((out[key] = plainCopy((value as Record<string, unknown>)[key])) === NOT_PLAIN) return NOT_PLAIN;
    }
    return out;
  }
  return 'toJSON' in value ? (value as { toJSON(): unknown }).toJSON() : value;
}
