import type { UserDefinedSlot } from '@aws-amplify/graphql-transformer-core';

/**
 * Amplify's user-defined resolver slots: a file `<Type>.<field>.<slot>[.<order>].(req|res).vtl` in
 * the API's resolvers/ folder adds a function to that resolver's pipeline, after the generated
 * functions of the same slot. Other `<Type>.<field>.(req|res).vtl` files override a generated
 * template of the same name.
 */
export const SLOT_NAMES = [
  'init',
  'preAuth',
  'auth',
  'postAuth',
  'preDataLoad',
  'preUpdate',
  'preSubscribe',
  'postDataLoad',
  'postUpdate',
  'finish',
] as const;

export class ResolverFileNameError extends Error {
  override name = 'ResolverFileNameError';
}

const SLOT_FILE = /^([A-Za-z_][A-Za-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_]*)\.([A-Za-z]+)(?:\.(\d+))?\.(req|res)\.vtl$/;
const OVERRIDE_FILE = /^[A-Za-z_][A-Za-z0-9_]*\.[A-Za-z_][A-Za-z0-9_]*\.(req|res)\.vtl$/;

function isSlotFile(fileName: string): boolean {
  const match = SLOT_FILE.exec(fileName);
  return match !== null && (SLOT_NAMES as readonly string[]).includes(match[3]!);
}

/** Checks every resolvers/ file name, so that a misspelt slot fails the compile instead of being ignored. */
export function checkResolverFileNames(fileNames: string[]): void {
  for (const fileName of fileNames) {
    if (isSlotFile(fileName) || OVERRIDE_FILE.test(fileName)) continue;
    const match = SLOT_FILE.exec(fileName);
    const hint = match
      ? `"${match[3]}" is not a resolver slot; the slots are ${SLOT_NAMES.join(', ')}`
      : 'expected <Type>.<field>.<slot>[.<order>].(req|res).vtl or <Type>.<field>.(req|res).vtl';
    throw new ResolverFileNameError(`resolvers/${fileName}: ${hint}`);
  }
}

/** Groups slot files by resolver (`Type.field`), ordered as the CLI orders them. */
export function parseUserDefinedSlots(files: Record<string, string>): Record<string, UserDefinedSlot[]> {
  const slots = new Map<string, Map<string, UserDefinedSlot>>();
  for (const [fileName, template] of Object.entries(files)) {
    if (!isSlotFile(fileName)) continue;
    const [, typeName, fieldName, slotName, order, kind] = SLOT_FILE.exec(fileName)!;
    const key = `${typeName}.${fieldName}#${slotName}`;
    // The CLI orders a slot's files by the string "order<N>" (so 10 sorts before 2); kept for parity.
    const orderKey = `order${Number(order) || 0}`;
    const byOrder = slots.get(key) ?? new Map<string, UserDefinedSlot>();
    slots.set(key, byOrder);
    const slot = byOrder.get(orderKey) ?? { resolverTypeName: typeName!, resolverFieldName: fieldName!, slotName: slotName! };
    slot[kind === 'req' ? 'requestResolver' : 'responseResolver'] = { fileName, template };
    byOrder.set(orderKey, slot);
  }
  const result: Record<string, UserDefinedSlot[]> = {};
  for (const [key, byOrder] of slots) {
    const resolverName = key.split('#')[0]!;
    const ordered = [...byOrder.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, slot]) => slot);
    (result[resolverName] ??= []).push(...ordered);
  }
  return result;
}
