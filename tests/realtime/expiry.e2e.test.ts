// Tokens that expire: the local pool's clock runs an hour behind less a few seconds, so the tokens it
// issues (valid one hour by its clock) expire a few seconds from now by the real clock the endpoint
// verifies with. A connection is closed, after an UnauthorizedException "Token has expired." error
// frame, when its token or a subscription's token expires; an expired token cannot connect or start,
// through the raw protocol or the real Amplify client.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onUnicornUpdated, type WildRydesClient } from '../../src/client/index.js';
import { TOKEN_VALIDITY_SECONDS } from '../../src/local/cognito/tokens.js';
import { RawRealtime } from '../support/raw-realtime.js';
import { accessToken, ON_UPDATE_UNICORN, startRealtimeTestCloud, within, type RealtimeTestCloud } from './helpers.js';

/**
 * How long the pool's tokens stay valid by the real clock: long enough for a second user to sign in
 * (SRP) a second after the first on a busy machine, before the first user's token runs out.
 */
const LIFETIME_MS = 5_000;

let t: RealtimeTestCloud;
let riley: WildRydesClient;

beforeAll(async () => {
  const behind = TOKEN_VALIDITY_SECONDS * 1000 - LIFETIME_MS;
  t = await startRealtimeTestCloud({ cognito: { clock: () => Date.now() - behind } });
  riley = await t.user('riley');
});

afterAll(async () => {
  await t?.stop();
});

const expiresAt = (token: string) => (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { exp: number }).exp * 1000;

describe('a token that expires', () => {
  it('closes the connection it opened, after an error frame, when it expires', async () => {
    const token = await accessToken(riley);
    const raw = await RawRealtime.connect(t.cloud, { token });
    expect((await raw.init()).type).toBe('connection_ack');
    expect((await raw.subscribe('s', token, ON_UPDATE_UNICORN)).type).toBe('start_ack');
    const error = await raw.next((f) => f.type === 'error', LIFETIME_MS + 2_000);
    expect(error).toEqual({ type: 'error', payload: { errors: [{ errorType: 'UnauthorizedException', message: 'Token has expired.', errorCode: 401 }] } });
    const closed = await raw.closed;
    expect(closed).toEqual({ code: 4401, reason: 'Token has expired.' });
    // Closed at the expiry, not before.
    expect(Date.now()).toBeGreaterThanOrEqual(expiresAt(token));
  });

  it("closes the connection when a subscription's token expires before the connection's", async () => {
    const older = await accessToken(await t.user('olive'));
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const newer = await accessToken(await t.user('nick'));
    expect(expiresAt(newer)).toBeGreaterThan(expiresAt(older));
    const raw = await RawRealtime.connect(t.cloud, { token: newer });
    expect((await raw.init()).type).toBe('connection_ack');
    expect((await raw.subscribe('s', older, ON_UPDATE_UNICORN)).type).toBe('start_ack');
    expect((await raw.closed).code).toBe(4401);
    expect(Date.now()).toBeGreaterThanOrEqual(expiresAt(older));
    expect(Date.now()).toBeLessThan(expiresAt(newer));
  });

  it('cannot connect or start once expired', async () => {
    const token = await accessToken(riley);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, expiresAt(token) - Date.now() + 50)));
    const refused = await RawRealtime.connect(t.cloud, { token });
    expect(await refused.init()).toEqual({
      type: 'connection_error',
      payload: { errors: [{ errorType: 'UnauthorizedException', message: 'Token has expired.', errorCode: 401 }] },
    });
    expect((await refused.closed).code).toBe(4401);

    // With a fresh connection token, a start carrying the expired one is refused.
    const fresh = await t.user('pat');
    const raw = await RawRealtime.connect(t.cloud, { token: await accessToken(fresh) });
    try {
      expect((await raw.init()).type).toBe('connection_ack');
      expect(await raw.subscribe('late', token, ON_UPDATE_UNICORN)).toEqual({
        type: 'error',
        id: 'late',
        payload: { errors: [{ errorType: 'UnauthorizedException', message: 'Token has expired.', errorCode: 401 }] },
      });
    } finally {
      raw.close();
    }
  });

  it('through the Amplify client: a session whose token expired by the real clock cannot subscribe', async () => {
    // Amplify corrects for the pool's clock (clock drift from the token's iat) and still believes the
    // token valid; the endpoint, verifying by the real clock, refuses the connection.
    const sam = await t.user('sam');
    await new Promise((resolve) => setTimeout(resolve, LIFETIME_MS + 100));
    const events = onUnicornUpdated(sam);
    const error = await within(events.ready.then(() => undefined, (e: unknown) => e), 10_000, 'the refusal');
    expect((error as Error).message).toBe('OnUnicornUpdated: Connection failed: UnauthorizedException');
    events.close();
  });
});
