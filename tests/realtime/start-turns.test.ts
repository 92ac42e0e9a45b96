// Subscription starts take turns as HTTP requests do (a lane each, resolver-scheduler.ts): a flood
// of start messages, sent in one go on several connections, does not hold the process while it is
// worked through, so a getRide sent after it is answered before the flood is done; and a start runs
// under the engine's execution limits (past the time limit: ExecutionTimeout). Orders, not durations.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestRide } from '../../src/client/index.js';
import { defineApi } from '../../src/local/appsync/api-definition.js';
import { createGraphQLEngine } from '../../src/local/appsync/graphql-engine.js';
import { SubscriptionSchema } from '../../src/local/realtime/subscriptions.js';
import { RawRealtime } from '../support/raw-realtime.js';
import { compiledApi } from '../support/local-cloud.js';
import { projectRoot } from '../client/e2e/local-cloud.js';
import { accessToken, ON_UPDATE_RIDE, startRealtimeTestCloud, type RealtimeTestCloud } from './helpers.js';

describe('a flood of subscription starts', () => {
  let t: RealtimeTestCloud;
  let token: string;
  let rideId: string;

  beforeAll(async () => {
    t = await startRealtimeTestCloud();
    const rider = await t.user('riley');
    token = await accessToken(rider);
    rideId = (await requestRide(rider, { pickup: { latitude: 47.6, longitude: -122.3 } })).id;
  });

  afterAll(async () => {
    await t?.stop();
  });

  it('takes turns with a getRide sent after it: the getRide is answered before the last start is acknowledged', async () => {
    const connections = 4;
    const startsEach = 100; // the most one connection may hold
    const raws = await Promise.all(Array.from({ length: connections }, () => RawRealtime.connect(t.cloud, { token })));
    try {
      for (const raw of raws) expect((await raw.init()).type).toBe('connection_ack');
      let acknowledged = 0;
      const acks = raws.map((raw, c) =>
        Promise.all(
          Array.from({ length: startsEach }, (_, i) =>
            raw.next((f) => f.id === `c${c}-${i}` && (f.type === 'start_ack' || f.type === 'error'), 60_000).then((frame) => {
              acknowledged++;
              return frame.type;
            }),
          ),
        ),
      );
      for (const [c, raw] of raws.entries()) for (let i = 0; i < startsEach; i++) raw.start(`c${c}-${i}`, token, ON_UPDATE_RIDE);

      const answer = await fetch(t.cloud.graphqlEndpoint, {
        method: 'POST',
        headers: { authorization: token, 'content-type': 'application/json' },
        body: JSON.stringify({ query: 'query ($id: ID!) { getRide(id: $id) { id } }', variables: { id: rideId } }),
      });
      const body = await answer.json();
      const acknowledgedWhenAnswered = acknowledged;

      expect(body).toEqual({ data: { getRide: { id: rideId } } });
      const types = (await Promise.all(acks)).flat();
      expect(types).toEqual(Array(connections * startsEach).fill('start_ack'));
      // Without turns the whole flood was acknowledged first (400 of 400); with them, a few dozen at most.
      expect(acknowledgedWhenAnswered).toBeLessThan(connections * startsEach);
    } finally {
      for (const raw of raws) raw.close();
    }
  });
});

describe("a start and the engine's execution limits", () => {
  const iss = 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_x';
  const subscriber = { claims: { sub: 'sub-riley', username: 'riley', iss, token_use: 'access' }, sourceIp: '127.0.0.1', headers: {} };
  const api = defineApi(compiledApi(projectRoot), { apiId: 'wildrydes', env: 'local', region: 'us-east-1' });
  // The Subscription resolvers use NONE data sources only: no DynamoDB is reached.
  const target = { endpoint: 'http://127.0.0.1:9', region: 'us-east-1' };

  it('is refused with ExecutionTimeout past the time limit, and started within it', async () => {
    const timedOut = createGraphQLEngine(api, target, { execution: { timeLimitMs: 0 } });
    const inTime = createGraphQLEngine(api, target);
    try {
      expect(await new SubscriptionSchema(timedOut, api).start({ query: ON_UPDATE_RIDE }, subscriber)).toEqual({
        ok: false,
        errors: [{ errorType: 'ExecutionTimeout', message: 'Execution timed out.' }],
      });
      expect(await new SubscriptionSchema(inTime, api).start({ query: ON_UPDATE_RIDE }, subscriber)).toMatchObject({ ok: true, plan: { fieldName: 'onUpdateRide' } });
    } finally {
      timedOut.close();
      inTime.close();
    }
  });
});
