// The request log's ring: bounded, newest last, with outcomes named as the console shows them.
import { describe, expect, it } from 'vitest';
import { createRequestLog, formatRequestLine } from '../../src/local/console/request-log.js';

const base = { requestId: 'r', at: Date.UTC(2026, 10, 30, 1, 2, 3), durationMs: 4.25, templates: [] };

describe('request log', () => {
  it('keeps only the last N entries and hands out increasing ids', () => {
    const log = createRequestLog(3);
    for (let i = 0; i < 5; i++) log.record({ ...base, status: 200, request: { query: `query Q${i} { a }` }, result: { data: {} } });
    expect(log.list().map((e) => e.operationName)).toEqual(['Q2', 'Q3', 'Q4']);
    expect(log.list(4).map((e) => e.id)).toEqual([5]);
    expect(log.get(1)).toBeUndefined();
  });

  it('names outcomes: ok, Unauthorized with paths, validation error, 401', () => {
    const log = createRequestLog();
    const claims = { 'cognito:username': 'bob', sub: 's', 'cognito:groups': ['Dispatchers'] };
    const refused = log.record({
      ...base,
      status: 200,
      claims,
      request: { query: 'query GetRide { getRide(id: "1") { id } }' },
      result: { data: { getRide: null }, errors: [{ path: ['getRide'], errorType: 'Unauthorized', locations: null, message: 'Not Authorized to access getRide on type Query' }] },
    });
    expect(refused).toMatchObject({ outcome: 'Unauthorized', unauthorizedPaths: ['getRide'], kind: 'query', caller: { username: 'bob', groups: ['Dispatchers'] } });
    expect(formatRequestLine(refused)).toBe('[request] 01:02:03.000 bob query GetRide 4.3 ms Unauthorized getRide');
    const invalid = log.record({ ...base, status: 200, claims, request: { query: '{ nope }' }, result: { data: null, errors: [{ path: null, locations: null, message: 'Cannot query field' }] } });
    expect(invalid.outcome).toBe('validation error');
    expect(log.record({ ...base, status: 401, errorType: 'UnauthorizedException' }).outcome).toBe('401');
  });
});
