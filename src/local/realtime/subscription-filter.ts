// AppSync's enhanced subscription filters: what `$util.transform.toSubscriptionFilter` makes of a
// model filter, what `$extensions.setSubscriptionFilter` accepts, and how a filter is evaluated
// against a published event's payload (the mutation's result).
//
// A filter is `{"filterGroup": [{"filters": [{"fieldName", "operator", "value"}, ...]}, ...]}`: an
// event matches when every filter of at least one group matches (OR across groups, AND within one).
// The checks and their messages are the ones AppSync is seen to answer with (errorCode 400); the
// numeric limits are AppSync's documented service limits for enhanced filtering.

export const FILTER_OPERATORS = [
  'eq',
  'ne',
  'le',
  'lt',
  'ge',
  'gt',
  'contains',
  'notContains',
  'beginsWith',
  'in',
  'notIn',
  'between',
  'attributeExists',
  'containsAny',
] as const;

export type FilterOperator = (typeof FILTER_OPERATORS)[number];

export interface FieldFilter {
  fieldName: string;
  operator: FilterOperator;
  value: unknown;
}

export interface SubscriptionFilter {
  filterGroup: Array<{ filters: FieldFilter[] }>;
}

export const FILTER_LIMITS = {
  /** Filter groups (OR'ed combinations). */
  groups: 10,
  /** Different fields across the whole filter. */
  fields: 5,
  /** Values of `in` / `notIn`. */
  inValues: 5,
  /** Values of `containsAny`. */
  containsAnyValues: 20,
};

/** A filter AppSync would refuse when the subscription starts. */
export class SubscriptionFilterError extends Error {
  override name = 'SubscriptionFilterError';
}

const isOperator = (value: string): value is FilterOperator => (FILTER_OPERATORS as readonly string[]).includes(value);

/**
 * `$util.transform.toSubscriptionFilter(Map[, ignoredFields])`: a model filter (`{field: {op: value}}`
 * with `and` / `or` lists, as the transformer's subscription resolvers build it from the client's
 * `filter` argument and the owner rules) in disjunctive normal form.
 */
export function toSubscriptionFilter(modelFilter: unknown, ignoredFields: readonly string[] = []): SubscriptionFilter {
  const groups = disjunction(modelFilter, new Set(ignoredFields));
  return { filterGroup: groups.map((filters) => ({ filters })) };
}

function disjunction(node: unknown, ignored: Set<string>): FieldFilter[][] {
  if (node === null || node === undefined) return [[]];
  if (typeof node !== 'object' || Array.isArray(node)) {
    throw new SubscriptionFilterError('subscription filter must be an object of fields and operators.');
  }
  let groups: FieldFilter[][] = [[]];
  for (const [key, value] of Object.entries(node)) {
    if (value === null || value === undefined) continue;
    if (key === 'and' || key === 'or') {
      if (!Array.isArray(value)) throw new SubscriptionFilterError(`subscription filter \`${key}\` must be a list.`);
      const parts = value.map((part) => disjunction(part, ignored));
      if (key === 'and') {
        for (const part of parts) groups = product(groups, part);
      } else {
        groups = product(groups, parts.flat());
      }
    } else if (key === 'not') {
      throw new SubscriptionFilterError("The variables input contains a field name 'not' that is not supported by subscription filters.");
    } else {
      if (typeof value !== 'object' || Array.isArray(value)) {
        throw new SubscriptionFilterError(`subscription filter on \`${key}\` must be an object of operators.`);
      }
      if (ignored.has(key)) continue;
      const filters: FieldFilter[] = [];
      for (const [operator, operand] of Object.entries(value)) {
        if (operand === null || operand === undefined) continue;
        if (!isOperator(operator)) throw new SubscriptionFilterError(`subscription filter has unsupported operator \`${operator}\`.`);
        filters.push({ fieldName: key, operator, value: operand });
      }
      groups = groups.map((group) => [...group, ...filters]);
    }
  }
  return groups;
}

function product(left: FieldFilter[][], right: FieldFilter[][]): FieldFilter[][] {
  const out: FieldFilter[][] = [];
  for (const a of left) for (const b of right) out.push([...a, ...b]);
  // Guard against a combinatorial blow-up before the group limit is checked.
  if (out.length > 1000) throw new SubscriptionFilterError('Filters combination exceed maximum limit.');
  return out;
}

/**
 * What `$extensions.setSubscriptionFilter` accepts: the filter, checked as AppSync checks it when
 * the subscription starts. Returns the filter in a normal form (groups without filters removed).
 */
export function checkSubscriptionFilter(value: unknown): SubscriptionFilter {
  if (value === null || typeof value !== 'object' || !Array.isArray((value as { filterGroup?: unknown }).filterGroup)) {
    throw new SubscriptionFilterError('subscription filter must have a `filterGroup` list.');
  }
  const groups: Array<{ filters: FieldFilter[] }> = [];
  const fields = new Set<string>();
  for (const group of (value as { filterGroup: unknown[] }).filterGroup) {
    const filters = (group as { filters?: unknown } | null)?.filters;
    if (!Array.isArray(filters)) throw new SubscriptionFilterError('each subscription filter group must have a `filters` list.');
    const checked: FieldFilter[] = [];
    const inGroup = new Set<string>();
    for (const filter of filters) {
      const { fieldName, operator, value: operand } = (filter ?? {}) as Record<string, unknown>;
      if (typeof fieldName !== 'string' || fieldName === '') throw new SubscriptionFilterError('subscription filter has a filter without `fieldName`.');
      if (typeof operator !== 'string' || !isOperator(operator)) {
        throw new SubscriptionFilterError(`subscription filter has unsupported operator \`${String(operator)}\`.`);
      }
      checkOperand(operator, operand);
      if (inGroup.has(fieldName)) throw new SubscriptionFilterError(`filter uses same fieldName multiple time: ${fieldName}.`);
      inGroup.add(fieldName);
      fields.add(fieldName);
      checked.push({ fieldName, operator, value: operand });
    }
    if (checked.length > 0) groups.push({ filters: checked });
  }
  if (groups.length > FILTER_LIMITS.groups) throw new SubscriptionFilterError('Filters combination exceed maximum limit.');
  if (fields.size > FILTER_LIMITS.fields) throw new SubscriptionFilterError('Filters exceed maximum attributes limit.');
  return { filterGroup: groups };
}

const isScalar = (v: unknown) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
const isOrderable = (v: unknown) => typeof v === 'string' || typeof v === 'number';

function checkOperand(operator: FilterOperator, operand: unknown): void {
  const invalid = () => new SubscriptionFilterError(`subscription filter has invalid filter value for operator \`${operator}\`.`);
  switch (operator) {
    case 'eq':
    case 'ne':
      if (operand !== null && !isScalar(operand)) throw invalid();
      return;
    case 'le':
    case 'lt':
    case 'ge':
    case 'gt':
    case 'contains':
    case 'notContains':
      if (!isOrderable(operand)) throw invalid();
      return;
    case 'beginsWith':
      if (typeof operand !== 'string') throw invalid();
      return;
    case 'in':
    case 'notIn':
      if (!Array.isArray(operand) || operand.length === 0 || !operand.every(isScalar)) throw invalid();
      if (operand.length > FILTER_LIMITS.inValues) {
        throw new SubscriptionFilterError(`subscription exceeds maximum value limit ${FILTER_LIMITS.inValues} for operator \`${operator}\`.`);
      }
      return;
    case 'containsAny':
      if (!Array.isArray(operand) || operand.length === 0 || !operand.every(isScalar)) throw invalid();
      if (operand.length > FILTER_LIMITS.containsAnyValues) {
        throw new SubscriptionFilterError(`subscription exceeds maximum value limit ${FILTER_LIMITS.containsAnyValues} for operator \`${operator}\`.`);
      }
      return;
    case 'between':
      if (!Array.isArray(operand) || operand.length !== 2 || !operand.every(isOrderable) || typeof operand[0] !== typeof operand[1]) throw invalid();
      return;
    case 'attributeExists':
      if (typeof operand !== 'boolean') throw invalid();
      return;
  }
}

/** Whether an event's payload passes the filter: some group whose filters all match. */
export function matchesFilter(filter: SubscriptionFilter, payload: unknown): boolean {
  return filter.filterGroup.some((group) => group.filters.every((f) => matchesFieldFilter(f, payload)));
}

/** The value at a field name (`a.b` for a nested field); undefined when absent. */
function fieldValue(payload: unknown, fieldName: string): unknown {
  let value: unknown = payload;
  for (const part of fieldName.split('.')) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

const sameType = (a: unknown, b: unknown) => typeof a === typeof b && isOrderable(a);
const equal = (a: unknown, b: unknown) => a === b;

function matchesFieldFilter({ fieldName, operator, value: operand }: FieldFilter, payload: unknown): boolean {
  const value = fieldValue(payload, fieldName);
  const present = value !== undefined && value !== null;
  switch (operator) {
    case 'eq':
      return operand === null ? !present : present && equal(value, operand);
    case 'ne':
      return operand === null ? present : !(present && equal(value, operand));
    case 'le':
      return sameType(value, operand) && (value as number) <= (operand as number);
    case 'lt':
      return sameType(value, operand) && (value as number) < (operand as number);
    case 'ge':
      return sameType(value, operand) && (value as number) >= (operand as number);
    case 'gt':
      return sameType(value, operand) && (value as number) > (operand as number);
    case 'contains':
      return contains(value, operand);
    case 'notContains':
      return !contains(value, operand);
    case 'beginsWith':
      return typeof value === 'string' && value.startsWith(operand as string);
    case 'in':
      return present && (operand as unknown[]).some((o) => equal(value, o));
    case 'notIn':
      return !(present && (operand as unknown[]).some((o) => equal(value, o)));
    case 'between': {
      const [low, high] = operand as [number, number];
      return sameType(value, low) && (value as number) >= low && (value as number) <= high;
    }
    case 'attributeExists':
      return present === operand;
    case 'containsAny':
      return Array.isArray(value) && (operand as unknown[]).some((o) => value.some((v) => equal(v, o)));
  }
}

function contains(value: unknown, operand: unknown): boolean {
  if (typeof value === 'string') return typeof operand === 'string' && value.includes(operand);
  if (Array.isArray(value)) return value.some((v) => equal(v, operand));
  return false;
}
