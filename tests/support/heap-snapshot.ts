// Reading a V8 heap snapshot (v8.writeHeapSnapshot's JSON) to compare what two snapshots of one
// process hold: objects counted by constructor.
import { readFileSync } from 'node:fs';

export type ConstructorCounts = Map<string, { count: number; bytes: number }>;

/** Objects of a V8 heap snapshot by constructor (node type and name): count and self size. */
export function countByConstructor(path: string): ConstructorCounts {
  const snapshot = JSON.parse(readFileSync(path, 'utf8')) as {
    snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
    nodes: number[];
    strings: string[];
  };
  const fields = snapshot.snapshot.meta.node_fields;
  const width = fields.length;
  const typeAt = fields.indexOf('type');
  const nameAt = fields.indexOf('name');
  const sizeAt = fields.indexOf('self_size');
  const types = snapshot.snapshot.meta.node_types[0];
  const counts = new Map<string, { count: number; bytes: number }>();
  for (let i = 0; i < snapshot.nodes.length; i += width) {
    const type = types[snapshot.nodes[i + typeAt]!]!;
    // Strings and code are counted by type: their "names" are their contents.
    const key = type === 'object' || type === 'closure' || type === 'native' ? `${type} ${snapshot.strings[snapshot.nodes[i + nameAt]!]}` : type;
    const entry = counts.get(key) ?? { count: 0, bytes: 0 };
    entry.count++;
    entry.bytes += snapshot.nodes[i + sizeAt]!;
    counts.set(key, entry);
  }
  return counts;
}


/** Per constructor: objects and bytes the second snapshot holds beyond the first, largest growth first. */
export function growthByConstructor(before: ConstructorCounts, after: ConstructorCounts): Array<{ key: string; count: number; bytes: number }> {
  return [...new Set([...before.keys(), ...after.keys()])]
    .map((key) => ({ key, count: (after.get(key)?.count ?? 0) - (before.get(key)?.count ?? 0), bytes: (after.get(key)?.bytes ?? 0) - (before.get(key)?.bytes ?? 0) }))
    .sort((x, y) => y.count - x.count);
}
