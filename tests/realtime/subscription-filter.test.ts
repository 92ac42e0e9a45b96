// AppSync's enhanced subscription filters without a server: the conversion of the transformer's model
// filters, the checks AppSync applies when a subscription starts, and the evaluation of every
// operator against an event's payload.
import { describe, expect, it } from 'vitest';
import {
  checkSubscriptionFilter,
  matchesFilter,
  SubscriptionFilterError,
  toSubscriptionFilter,
  type FieldFilter,
  type SubscriptionFilter,
} from '../../src/local/realtime/subscription-filter.js';

const group = (...filters: Array<[string, FieldFilter['operator'], unknown]>) => ({ filters: filters.map(([fieldName, operator, value]) => ({ fieldName, operator, value })) });

describe('toSubscriptionFilter', () => {
  it("turns the owner rules' runtime filter into one group per owner field", () => {
    // What the transformer's subscription auth function sets for a rider.
    const runtime = { or: [{ owner: { eq: 'riley' } }, { passengers: { contains: 'riley' } }] };
    expect(toSubscriptionFilter(runtime)).toEqual({ filterGroup: [group(['owner', 'eq', 'riley']), group(['passengers', 'contains', 'riley'])] });
  });

  it("distributes the client's filter over the owner groups (and of or)", () => {
    const filter = { and: [{ or: [{ owner: { eq: 'riley' } }, { passengers: { contains: 'riley' } }] }, { id: { eq: 'r1' }, fare: { between: [1, 9] } }] };
    expect(toSubscriptionFilter(filter)).toEqual({
      filterGroup: [group(['owner', 'eq', 'riley'], ['id', 'eq', 'r1'], ['fare', 'between', [1, 9]]), group(['passengers', 'contains', 'riley'], ['id', 'eq', 'r1'], ['fare', 'between', [1, 9]])],
    });
  });

  it('skips null operands and ignored fields, and refuses `not`', () => {
    expect(toSubscriptionFilter({ id: { eq: 'a', ne: null }, status: null })).toEqual({ filterGroup: [group(['id', 'eq', 'a'])] });
    expect(toSubscriptionFilter({ id: { eq: 'a' }, owner: { eq: 'b' } }, ['owner'])).toEqual({ filterGroup: [group(['id', 'eq', 'a'])] });
    expect(() => toSubscriptionFilter({ not: { id: { eq: 'a' } } })).toThrow(SubscriptionFilterError);
  });
});

describe('checkSubscriptionFilter', () => {
  const refused = (filter: unknown) => {
    try {
      checkSubscriptionFilter(filter);
    } catch (error) {
      expect(error).toBeInstanceOf(SubscriptionFilterError);
      return (error as Error).message;
    }
    throw new Error('accepted');
  };

  it('accepts a well-formed filter and drops empty groups', () => {
    expect(checkSubscriptionFilter({ filterGroup: [group(['a', 'eq', 1]), { filters: [] }] })).toEqual({ filterGroup: [group(['a', 'eq', 1])] });
  });

  it("refuses what AppSync refuses, with AppSync's messages", () => {
    expect(refused({ filterGroup: [group(['a', 'in', [1, 2, 3, 4, 5, 6]])] })).toBe('subscription exceeds maximum value limit 5 for operator `in`.');
    expect(refused({ filterGroup: [group(['a', 'eq', 1], ['a', 'ne', 2])] })).toBe('filter uses same fieldName multiple time: a.');
    expect(refused({ filterGroup: Array.from({ length: 11 }, (_, i) => group(['a', 'eq', i])) })).toBe('Filters combination exceed maximum limit.');
    expect(refused({ filterGroup: [group(['a', 'eq', 1], ['b', 'eq', 1], ['c', 'eq', 1], ['d', 'eq', 1], ['e', 'eq', 1], ['f', 'eq', 1])] })).toBe(
      'Filters exceed maximum attributes limit.',
    );
    expect(refused({ filterGroup: [group(['a', 'between', [1]])] })).toBe('subscription filter has invalid filter value for operator `between`.');
    expect(refused({ filterGroup: [group(['a', 'like' as never, 'x'])] })).toBe('subscription filter has unsupported operator `like`.');
    expect(refused({ filters: [] })).toBe('subscription filter must have a `filterGroup` list.');
  });
});

describe('matchesFilter', () => {
  const ride = { id: 'r1', status: 'DISPATCHED', fare: 9.5, owner: 'riley', passengers: ['pat', 'sam'], pickup: { latitude: 47.6 }, unicornId: null };
  const one = (fieldName: string, operator: FieldFilter['operator'], value: unknown): SubscriptionFilter => ({ filterGroup: [group([fieldName, operator, value])] });
  const cases: Array<[string, FieldFilter['operator'], unknown, boolean]> = [
    ['owner', 'eq', 'riley', true],
    ['owner', 'eq', 'pat', false],
    ['owner', 'ne', 'pat', true],
    ['fare', 'le', 9.5, true],
    ['fare', 'lt', 9.5, false],
    ['fare', 'ge', 9, true],
    ['fare', 'gt', 10, false],
    ['fare', 'gt', '1', false],
    ['status', 'gt', 'COMPLETED', true],
    ['passengers', 'contains', 'pat', true],
    ['passengers', 'contains', 'ada', false],
    ['owner', 'contains', 'ile', true],
    ['passengers', 'notContains', 'ada', true],
    ['status', 'beginsWith', 'DIS', true],
    ['status', 'in', ['REQUESTED', 'DISPATCHED'], true],
    ['status', 'notIn', ['REQUESTED', 'DISPATCHED'], false],
    ['fare', 'between', [9, 10], true],
    ['fare', 'between', [10, 20], false],
    ['unicornId', 'attributeExists', false, true],
    ['fare', 'attributeExists', true, true],
    ['dispatcherNote', 'attributeExists', true, false],
    ['passengers', 'containsAny', ['ada', 'sam'], true],
    ['pickup.latitude', 'eq', 47.6, true],
    // A field the mutation did not select matches nothing but negations.
    ['dispatcherNote', 'eq', 'x', false],
    ['dispatcherNote', 'ne', 'x', true],
  ];
  for (const [field, operator, value, expected] of cases) {
    it(`${field} ${operator} ${JSON.stringify(value)} is ${expected}`, () => {
      expect(matchesFilter(one(field, operator, value), ride)).toBe(expected);
    });
  }

  it('is an OR of groups, each an AND of its filters', () => {
    const filter: SubscriptionFilter = { filterGroup: [group(['owner', 'eq', 'pat'], ['status', 'eq', 'DISPATCHED']), group(['passengers', 'contains', 'sam'], ['fare', 'gt', 5])] };
    expect(matchesFilter(filter, ride)).toBe(true);
    expect(matchesFilter(filter, { ...ride, fare: 1 })).toBe(false);
    expect(matchesFilter({ filterGroup: [] }, ride)).toBe(false);
  });
});
