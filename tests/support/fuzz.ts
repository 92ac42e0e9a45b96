// A seeded fuzzer of the local cloud's three public endpoints, run in this process against a cloud it
// starts (so that prototype pollution in the server shows here): GraphQL over HTTPS, the Cognito JSON
// protocol, and real-time frames. Every case comes from one PRNG seeded by `seed`, generated before
// any runs, so a seed and a case number name one case for good (timing may still vary).
//
// What it checks: no 5xx and no internal failure anywhere; no stack trace or path of this machine in
// any answer; nothing written by the requests the access rules always refuse (every table scanned
// before and after them); no protected value read by a caller the rules refuse; no user left by a
// failing SignUp; nothing added to Object.prototype or Array.prototype; and a normal getRide still
// answered at the end. Used by tests/security/fuzz.test.ts (a few thousand cases) and bench/fuzz.ts.
import { randomUUID } from 'node:crypto';
import { Agent, request } from 'node:https';
import { tmpdir } from 'node:os';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { AdminGetUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { WebSocket } from 'ws';
import type { LocalCloud } from '../../src/local/cloud.js';
import { adminClient, createConfirmedUser, signInWithSrp } from './cognito-users.js';
import { startCloudOnFreePorts } from './local-cloud.js';
import { authProtocol, realtimeUrl } from './raw-realtime.js';

export interface FuzzOptions {
  seed: number;
  cases: number;
  projectRoot: string;
  /** Cases of each endpoint run at once. */
  concurrency?: number;
  progress?: (line: string) => void;
}

export interface FuzzReport {
  seed: number;
  counts: { graphql: number; refused: number; cognito: number; realtime: number };
  /** HTTP statuses (GraphQL and Cognito) and realtime frame types seen, with counts. */
  answers: Record<string, number>;
  /** Everything that broke a rule, each naming its case; empty when all held. */
  findings: string[];
}

// ---------------------------------------------------------------------------------------------
// The PRNG and the values it makes

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
export function prng(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  const chance = (p: number) => next() < p;
  return { next, int, pick, chance };
}
type Rng = ReturnType<typeof prng>;

const NASTY_STRINGS = [
  '', ' ', '\u0000', '\\', '"', "'", '${x}', '#set($x = 1)', '$util.error("x")', '$ctx.identity', '#foreach($i in [1..1000000])x#end',
  '__proto__', 'constructor', 'prototype', '{"__proto__":{"polluted":1}}', '<script>alert(1)</script>', '../../etc/passwd', '%00', '\ud800',
  '😀🦄', 'ü'.repeat(40), 'a'.repeat(2049), '-1', '1e309', 'NaN', 'null', 'true', '[]', '{}', 'SELECT * FROM', '\r\n\r\nHTTP/1.1 200 OK',
];

function randomString(r: Rng): string {
  switch (r.int(5)) {
    case 0:
      return r.pick(NASTY_STRINGS);
    case 1:
      return Array.from({ length: r.int(20) }, () => String.fromCharCode(r.int(0x2fff))).join('');
    case 2:
      return r.pick(['a', 'Z', '0', '-', '_', '.']).repeat(r.chance(0.1) ? 100_000 + r.int(200_000) : r.int(300));
    case 3:
      return randomUUID();
    default:
      return `word${r.int(1000)}`;
  }
}

/** Any JSON value, sometimes deeply nested, sometimes with prototype-polluting keys. */
function randomValue(r: Rng, depth = 0): unknown {
  const kind = r.int(depth > 3 ? 6 : 9);
  switch (kind) {
    case 0:
      return null;
    case 1:
      return r.chance(0.5);
    case 2:
      return r.pick([0, -1, 1.5, 2 ** 53, -(2 ** 63), 1e308, Number.MIN_VALUE, 47.6, -122.3]);
    case 3:
    case 4:
      return randomString(r);
    case 5:
      return r.chance(0.05) ? nested(r, 50 + r.int(200)) : r.int(100);
    case 6:
      return Array.from({ length: r.int(4) }, () => randomValue(r, depth + 1));
    default: {
      const value: Record<string, unknown> = {};
      for (let i = r.int(4); i > 0; i--) value[r.chance(0.15) ? r.pick(['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty']) : randomString(r).slice(0, 20)] = randomValue(r, depth + 1);
      return value;
    }
  }
}

function nested(r: Rng, depth: number): unknown {
  let value: unknown = r.int(10);
  for (let i = 0; i < depth; i++) value = r.chance(0.5) ? [value] : { a: value };
  return value;
}

/** JSON text in which `__proto__` is an own key (JSON.stringify of an object literal would drop it). */
function pollutingJson(r: Rng, inner: string): string {
  return r.pick([
    `{"__proto__":{"polluted":"yes"},${inner.slice(1)}`,
    `{"constructor":{"prototype":{"polluted":"yes"}},${inner.slice(1)}`,
    inner.replace(/\{/, '{"__proto__":{"polluted":"yes"},'),
  ]);
}

// ---------------------------------------------------------------------------------------------
// GraphQL cases

type Actor = 'rider' | 'stranger' | 'dispatcher' | 'admin';
type TokenKind = Actor | `${Actor}-id` | 'none' | 'garbage' | 'bearer' | 'forged-groups' | 'alg-none' | 'expired-forged' | 'other-alg' | 'empty';

interface HttpCase {
  index: number;
  describe: string;
  token: TokenKind;
  /** The body as sent: any bytes. */
  body: string | Buffer;
  /** Set on the refused cases: the actor the rules refuse. */
  refused?: Actor;
}

const ROOT_FIELDS: Record<string, string[]> = {
  query: ['getUnicorn', 'listUnicorns', 'getRide', 'listRides', 'getRider', 'listRiders', 'dispatchBoard', 'myRides', 'nope', '__schema', '__type'],
  mutation: ['createUnicorn', 'updateUnicorn', 'deleteUnicorn', 'createRide', 'updateRide', 'deleteRide', 'createRider', 'updateRider', 'deleteRider', 'nope'],
  subscription: ['onCreateRide', 'onUpdateRide'],
};
const LEAF_FIELDS = ['id', 'name', 'color', 'breed', 'available', 'status', 'fare', 'dispatcherNote', 'owner', 'passengers', 'zone', 'requestedAt', 'phone', 'nextToken', '__typename', 'bogus'];
const OBJECT_FIELDS = ['items', 'unicorn', 'pickup', 'fields', 'types', 'name'];
const ARG_NAMES = ['id', 'input', 'condition', 'filter', 'limit', 'nextToken', 'owner', 'statusZone', 'sortDirection', 'requestedAt', 'bogus'];

interface World {
  rideId: string;
  unicornId: string;
  riderProfileId: string;
}

function literal(r: Rng, world: World, depth = 0): string {
  switch (r.int(depth > 2 ? 5 : 8)) {
    case 0:
      return JSON.stringify(r.pick([world.rideId, world.unicornId, world.riderProfileId, randomUUID()]));
    case 1:
      return JSON.stringify(randomString(r).slice(0, 500));
    case 2:
      return String(r.pick([0, -1, 100, 2 ** 31, 1e400, 1.5]));
    case 3:
      return r.pick(['true', 'false', 'null', 'ASC', 'DESC', 'REQUESTED', '$v', '$missing']);
    case 4:
      return `{ pickup: { latitude: 47.6, longitude: -122.3 }, requestedAt: "2026-01-01T00:00:00.000Z" }`;
    case 5:
      return `[${Array.from({ length: r.int(3) }, () => literal(r, world, depth + 1)).join(', ')}]`;
    default:
      return `{ ${Array.from({ length: 1 + r.int(3), }, () => `${r.pick(['id', 'eq', 'ne', 'gt', 'name', 'status', 'and', 'or', 'not', 'owner', 'fare', 'between', 'beginsWith', 'attributeExists', 'bogus'])}: ${literal(r, world, depth + 1)}`).join(', ')} }`;
  }
}

function selection(r: Rng, depth: number): string {
  const parts: string[] = [];
  for (let i = 1 + r.int(5); i > 0; i--) {
    const alias = r.chance(0.2) ? `a${r.int(1000)}: ` : '';
    if (depth < 4 && r.chance(0.35)) parts.push(`${alias}${r.pick(OBJECT_FIELDS)} { ${selection(r, depth + 1)} }`);
    else if (r.chance(0.08)) parts.push(`...F${r.int(3)}`);
    else if (r.chance(0.08)) parts.push(`... on ${r.pick(['Ride', 'Unicorn', 'Rider', 'Query', 'Nope'])} { ${r.pick(LEAF_FIELDS)} }`);
    else parts.push(`${alias}${r.pick(LEAF_FIELDS)}${r.chance(0.05) ? ' @include(if: $flag)' : r.chance(0.03) ? ' @bogus' : ''}`);
  }
  return parts.join(' ');
}

function graphqlDocument(r: Rng, world: World): { query: string; variables: unknown; operationName?: unknown } {
  const kind = r.pick(['query', 'query', 'mutation', 'mutation', 'subscription', 'bogus'] as const);
  const fields = ROOT_FIELDS[kind] ?? ROOT_FIELDS.query!;
  const roots: string[] = [];
  const aliases = r.chance(0.1) ? 2 + r.int(r.chance(0.2) ? 100 : 10) : 1;
  for (let i = 0; i < aliases; i++) {
    const field = r.pick(fields);
    const args = r.chance(0.8) ? `(${Array.from({ length: 1 + r.int(3) }, () => `${r.pick(ARG_NAMES)}: ${literal(r, world)}`).join(', ')})` : '';
    roots.push(`${aliases > 1 ? `x${i}: ` : ''}${field}${args} { ${selection(r, 1)} }`);
  }
  const variables = r.chance(0.5) ? `($v: ${r.pick(['ID', 'ID!', 'String', 'Int', 'CreateRideInput!', 'ModelRideFilterInput', '[String]', 'Bogus'])}, $flag: Boolean = true)` : '';
  const fragments = r.chance(0.3)
    ? [0, 1, 2].map((i) => `fragment F${i} on ${r.pick(['Ride', 'Unicorn', 'ModelRideConnection', 'Query'])} { ${r.chance(0.2) ? `...F${r.int(3)}` : r.pick(LEAF_FIELDS)} }`).join('\n')
    : '';
  let query = `${kind === 'bogus' ? '' : kind} ${r.chance(0.3) ? 'Named' : ''}${variables} { ${roots.join(' ')} }\n${fragments}`;
  if (r.chance(0.1)) query = query.slice(0, r.int(query.length)); // truncated: a syntax error
  const vars = r.chance(0.6) ? { v: randomValue(r), flag: r.chance(0.8) ? r.chance(0.5) : randomValue(r) } : r.chance(0.5) ? randomValue(r) : undefined;
  return { query, variables: vars, ...(r.chance(0.1) ? { operationName: r.pick(['Named', 'Other', 5, null]) } : {}) };
}

const TOKENS: TokenKind[] = ['rider', 'stranger', 'dispatcher', 'admin', 'rider-id', 'stranger-id', 'none', 'garbage', 'bearer', 'forged-groups', 'alg-none', 'expired-forged', 'other-alg', 'empty'];

export function graphqlCase(r: Rng, index: number, world: World): HttpCase {
  const token = r.chance(0.7) ? r.pick(['rider', 'stranger', 'dispatcher', 'admin'] as const) : r.pick(TOKENS);
  const shape = r.int(20);
  if (shape === 0) return { index, token, describe: 'random bytes', body: Buffer.from(Array.from({ length: r.int(2000) }, () => r.int(256))) };
  if (shape === 1) return { index, token, describe: 'a JSON value that is not a request', body: JSON.stringify(randomValue(r)) ?? 'undefined' };
  if (shape === 2 && r.chance(0.3)) return { index, token, describe: 'JSON nested 20,000 deep', body: '['.repeat(20_000) + ']'.repeat(20_000) };
  if (shape === 3 && r.chance(0.2)) return { index, token, describe: 'a body over 1 MiB', body: JSON.stringify({ query: `{ getRide(id: "${'x'.repeat(1024 * 1024)}") { id } }` }) };
  const document = graphqlDocument(r, world);
  const text = JSON.stringify(document);
  if (shape === 4) return { index, token, describe: 'a request with __proto__ keys', body: pollutingJson(r, text) };
  if (shape === 5) return { index, token, describe: 'variables with __proto__ keys', body: text.replace('"variables":{', '"variables":{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},') };
  return { index, token, describe: `document: ${document.query.slice(0, 120).replace(/\s+/g, ' ')}`, body: text };
}

/**
 * Requests the access rules refuse whatever their input: writes by a caller who may never make them,
 * reads of another rider's records. Their inputs are fuzzed; the stored data must not change.
 */
function refusedCase(r: Rng, index: number, world: World): HttpCase {
  const garnish = () => (r.chance(0.5) ? `, ${r.pick(['name', 'color', 'breed', 'fare', 'status', 'owner', 'dispatcherNote', 'passengers', 'phone'])}: ${literal(r, world)}` : '');
  // [actor, operation header, root field, variables]
  const refusals: Array<[Actor, string, string, unknown]> = [
    ['stranger', 'mutation($i: CreateUnicornInput!)', 'createUnicorn(input: $i) { id }', { i: { name: randomString(r), color: 'x', ...(r.chance(0.5) ? { breed: randomValue(r) } : {}) } }],
    ['dispatcher', 'mutation($i: CreateUnicornInput!)', 'createUnicorn(input: $i) { id }', { i: { name: 'n', color: 'c', available: true } }],
    ['rider', 'mutation', `updateUnicorn(input: { id: "${world.unicornId}", available: false${garnish()} }) { id available }`, {}],
    ['dispatcher', 'mutation', `updateUnicorn(input: { id: "${world.unicornId}", name: ${literal(r, world)} }) { id name }`, {}],
    [r.pick(['rider', 'stranger', 'dispatcher'] as const), 'mutation', `deleteUnicorn(input: { id: "${world.unicornId}" }) { id }`, {}],
    [r.pick(['rider', 'stranger'] as const), 'mutation($i: UpdateRideInput!)', 'updateRide(input: $i) { id }', { i: { id: world.rideId, status: r.pick(['DISPATCHED', 'COMPLETED']), fare: r.int(100) } }],
    [r.pick(['stranger', 'dispatcher'] as const), 'mutation', `deleteRide(input: { id: "${world.rideId}" }) { id }`, {}],
    [r.pick(['rider', 'stranger'] as const), 'mutation($i: CreateRideInput!)', 'createRide(input: $i) { id }', { i: { pickup: { latitude: 47.6, longitude: -122.3 }, requestedAt: '2026-01-01T00:00:00.000Z', owner: `someone-else-${r.int(100)}` } }],
    [r.pick(['rider', 'stranger'] as const), 'mutation($i: CreateRideInput!)', 'createRide(input: $i) { id }', { i: { pickup: { latitude: 1, longitude: 2 }, requestedAt: '2026-01-01T00:00:00.000Z', status: 'COMPLETED', fare: 9 } }],
    [r.pick(['stranger', 'dispatcher'] as const), 'mutation', `updateRider(input: { id: "${world.riderProfileId}", name: ${literal(r, world)}${garnish()} }) { id }`, {}],
    [r.pick(['stranger', 'dispatcher'] as const), 'mutation', `deleteRider(input: { id: "${world.riderProfileId}" }) { id }`, {}],
    [r.pick(['rider', 'stranger'] as const), 'mutation($i: CreateRiderInput!)', 'createRider(input: $i) { id }', { i: { name: 'x', owner: `someone-else::x${r.int(10)}` } }],
    ['stranger', 'query', `getRide(id: "${world.rideId}") { id owner requestedAt dispatcherNote passengers }`, {}],
    ['stranger', 'query', 'listRides(limit: 1000) { items { id requestedAt dispatcherNote } }', {}],
    ['stranger', 'query($o: String!)', 'myRides(owner: $o) { items { id requestedAt } }', { o: r.pick(['fuzz-rider', 'x::fuzz-rider', world.rideId]) }],
    ['stranger', 'query', `getRider(id: "${world.riderProfileId}") { id name phone }`, {}],
    ['stranger', 'query', 'listRiders { items { id name phone } }', {}],
    ['rider', 'query', `getRide(id: "${world.rideId}") { id dispatcherNote }`, {}],
  ];
  const [actor, header, field, variables] = r.pick(refusals);
  // Sometimes the refused field is aliased many times, or reached through a fragment.
  const form = r.int(8);
  const query =
    form === 0
      ? `${header} { ${Array.from({ length: 2 + r.int(8) }, (_, i) => `r${i}: ${field}`).join(' ')} }`
      : form === 1 && header.startsWith('query')
        ? `${header} { ...Q }\nfragment Q on Query { ${field} }`
        : `${header} { ${field} }`;
  return { index, token: actor, refused: actor, describe: `refused for ${actor}: ${query.slice(0, 100)}`, body: JSON.stringify({ query, variables }) };
}

// ---------------------------------------------------------------------------------------------
// Cognito cases

const COGNITO_ACTIONS = [
  'SignUp', 'ConfirmSignUp', 'ResendConfirmationCode', 'InitiateAuth', 'RespondToAuthChallenge', 'ForgotPassword', 'ConfirmForgotPassword', 'GetUser',
  'UpdateUserAttributes', 'DeleteUser', 'VerifyUserAttribute', 'GetUserAttributeVerificationCode', 'ChangePassword', 'GlobalSignOut', 'RevokeToken',
  'GetTokensFromRefreshToken', 'Bogus', '__proto__', 'constructor', 'toString', 'AdminCreateUser', 'ListUsers',
];

interface CognitoCase {
  index: number;
  describe: string;
  action: string | undefined;
  body: string;
  /** A SignUp's username: when the call fails, no such user may exist afterwards. */
  signUpUsername?: string;
}

function cognitoCase(r: Rng, index: number, pool: { clientId: string; userPoolId: string }, victimAccess: string): CognitoCase {
  const action = r.chance(0.03) ? undefined : r.pick(COGNITO_ACTIONS);
  const clientId = r.pick([pool.clientId, pool.clientId, pool.clientId, 'unknown-client', '', randomString(r), 42, null, ['x']]);
  const username = r.chance(0.5) ? `fz${r.int(1e9)}` : r.pick(['fuzz-rider', 'fuzz-victim', randomString(r), 123, null, '']);
  const password = r.pick(['Wild-Rydes-1', 'short', '', randomString(r), 12345678, null]);
  const accessToken = r.pick([victimAccess, 'garbage', '', randomString(r), 42]);
  const srpA = r.pick(['0', 'ff', '00'.repeat(384), 'g'.repeat(10), 'f'.repeat(800), 'a'.repeat(r.int(770)), '', -1, 'AbCdEf']);
  const inputs: Record<string, () => Record<string, unknown>> = {
    SignUp: () => ({ ClientId: clientId, Username: username, Password: password, UserAttributes: r.chance(0.7) ? [{ Name: r.pick(['email', 'phone_number', '__proto__', 'custom:x', 'sub']), Value: r.pick(['a@example.com', randomString(r), 5]) }] : randomValue(r), ...(r.chance(0.2) ? { ClientMetadata: randomValue(r) } : {}) }),
    ConfirmSignUp: () => ({ ClientId: clientId, Username: username, ConfirmationCode: r.pick(['123456', '', randomString(r), 123456]) }),
    InitiateAuth: () => ({ ClientId: clientId, AuthFlow: r.pick(['USER_SRP_AUTH', 'USER_PASSWORD_AUTH', 'REFRESH_TOKEN_AUTH', 'CUSTOM_AUTH', 'ADMIN_NO_SRP_AUTH', 'bogus', 5]), AuthParameters: r.chance(0.8) ? { USERNAME: username, SRP_A: srpA, PASSWORD: password, REFRESH_TOKEN: r.pick(['x', randomString(r)]) } : randomValue(r) }),
    RespondToAuthChallenge: () => ({
      ClientId: clientId,
      ChallengeName: r.pick(['PASSWORD_VERIFIER', 'NEW_PASSWORD_REQUIRED', 'SMS_MFA', 'bogus', 1]),
      Session: r.pick([undefined, 'x', randomString(r)]),
      ChallengeResponses: r.chance(0.8)
        ? { USERNAME: username, PASSWORD_CLAIM_SECRET_BLOCK: r.pick(['', 'AAAA', randomString(r)]), PASSWORD_CLAIM_SIGNATURE: r.pick(['', 'AAAA', randomString(r)]), TIMESTAMP: r.pick(['Mon Nov 30 03:00:00 UTC 2026', 'yesterday', 5]), NEW_PASSWORD: password }
        : randomValue(r),
    }),
    ForgotPassword: () => ({ ClientId: clientId, Username: username }),
    ConfirmForgotPassword: () => ({ ClientId: clientId, Username: username, ConfirmationCode: r.pick(['000000', randomString(r)]), Password: password }),
    ResendConfirmationCode: () => ({ ClientId: clientId, Username: username }),
    ChangePassword: () => ({ AccessToken: accessToken, PreviousPassword: r.pick(['wrong-password-1', password]), ProposedPassword: password }),
    UpdateUserAttributes: () => ({ AccessToken: accessToken, UserAttributes: r.chance(0.7) ? [{ Name: r.pick(['email', 'sub', '__proto__', 'name']), Value: randomValue(r) }] : randomValue(r) }),
    VerifyUserAttribute: () => ({ AccessToken: accessToken, AttributeName: r.pick(['email', 'phone_number', randomString(r)]), Code: r.pick(['123456', randomString(r)]) }),
    GetUserAttributeVerificationCode: () => ({ AccessToken: accessToken, AttributeName: r.pick(['email', randomString(r)]) }),
    GetTokensFromRefreshToken: () => ({ ClientId: clientId, RefreshToken: r.pick(['x', randomString(r)]) }),
    RevokeToken: () => ({ ClientId: clientId, Token: r.pick(['x', randomString(r)]) }),
  };
  const make = action && Object.hasOwn(inputs, action) ? inputs[action] : undefined;
  let input: Record<string, unknown> = make ? make() : { AccessToken: accessToken, ClientId: clientId, Username: username, UserPoolId: r.pick([pool.userPoolId, 'nope']) };
  if (r.chance(0.2)) {
    // A field dropped, or one of the wrong type.
    const keys = Object.keys(input);
    if (keys.length) {
      const key = r.pick(keys);
      if (r.chance(0.5)) delete input[key];
      else input[key] = randomValue(r);
    }
  }
  if (r.chance(0.1)) input = { ...input, [randomString(r).slice(0, 30)]: randomValue(r) };
  let body = JSON.stringify(input);
  let describe = `${action ?? '(no target)'} ${body.slice(0, 100)}`;
  const shape = r.int(25);
  if (shape === 0) [body, describe] = ['{"ClientId":', `${action} truncated JSON`];
  else if (shape === 1) [body, describe] = [pollutingJson(r, body), `${action} with __proto__ keys`];
  else if (shape === 2) [body, describe] = [JSON.stringify(randomValue(r)) ?? 'x', `${action} any JSON value`];
  else if (shape === 3 && r.chance(0.3)) [body, describe] = [JSON.stringify({ ...input, Username: 'u'.repeat(2 * 1024 * 1024) }), `${action} oversized body`];
  const signUpUsername = action === 'SignUp' && typeof input.Username === 'string' && input.Username.startsWith('fz') ? input.Username : undefined;
  return { index, describe, action, body, signUpUsername };
}

// ---------------------------------------------------------------------------------------------
// Real-time cases: one connection each, a few frames

interface RealtimeCase {
  index: number;
  describe: string;
  auth: 'valid' | 'garbage' | 'none' | 'bad-base64' | 'not-object' | 'forged';
  frames: Array<string | Buffer>;
}

const SUBSCRIPTION = 'subscription { onUpdateUnicorn { id available } }';

function realtimeCase(r: Rng, index: number, host: string, tokens: Record<string, string>): RealtimeCase {
  const auth = r.chance(0.6) ? 'valid' : r.pick(['garbage', 'none', 'bad-base64', 'not-object', 'forged'] as const);
  const frames: Array<string | Buffer> = [];
  const start = (id: unknown, token: unknown, data: unknown) => JSON.stringify({ id, type: 'start', payload: { data, extensions: { authorization: { Authorization: token, host } } } });
  for (let i = 1 + r.int(5); i > 0; i--) {
    switch (r.int(12)) {
      case 0:
        frames.push(JSON.stringify({ type: 'connection_init', ...(r.chance(0.3) ? { payload: randomValue(r) } : {}) }));
        break;
      case 1:
      case 2:
        frames.push(start(r.pick([`s${r.int(5)}`, '', 5, null, randomString(r).slice(0, 50)]), r.pick([tokens.rider, tokens.stranger, 'garbage', undefined, 5]), JSON.stringify({ query: SUBSCRIPTION, variables: r.chance(0.3) ? randomValue(r) : {} })));
        break;
      case 3:
        frames.push(start(`q${r.int(5)}`, tokens.rider, JSON.stringify(graphqlDocument(r, { rideId: 'r', unicornId: 'u', riderProfileId: 'p' }))));
        break;
      case 4:
        frames.push(start(`p${r.int(5)}`, tokens.rider, r.pick([5, null, '{', JSON.stringify(randomValue(r)), '{"query":{}}'])));
        break;
      case 5:
        frames.push(JSON.stringify({ type: r.pick(['stop', 'connection_terminate', 'ka', 'data', 'bogus', '__proto__', 'constructor', '']), id: r.pick(['s0', 5, undefined, 'x']) }));
        break;
      case 6:
        frames.push(r.pick(['{', 'null', '[]', '"start"', '{"type":5}', '{"type":null}', '\u0000', '']));
        break;
      case 7:
        frames.push(Buffer.from([0, 1, 2, 255]));
        break;
      case 8:
        frames.push(pollutingJson(r, start('pp', tokens.rider, JSON.stringify({ query: SUBSCRIPTION }))));
        break;
      case 9:
        frames.push(start('big', tokens.rider, JSON.stringify({ query: SUBSCRIPTION, variables: { filler: 'x'.repeat(r.chance(0.3) ? 1_100_000 : 250_000) } })));
        break;
      case 10:
        frames.push(start('deep', tokens.rider, JSON.stringify({ query: `subscription { onUpdateRide(filter: ${'{ and: ['.repeat(80)}{ id: { eq: "x" } }${'] }'.repeat(80)}) { id } }` })));
        break;
      default:
        frames.push(JSON.stringify({ type: 'start', id: `r${r.int(5)}`, payload: randomValue(r) }));
    }
  }
  return { index, auth, frames, describe: `auth ${auth}; frames ${frames.map((f) => (typeof f === 'string' ? f.slice(0, 60) : '<binary>')).join(' | ')}` };
}

// ---------------------------------------------------------------------------------------------
// The run

/** Text that gives away the server's insides: a stack frame, a source position, a path of this machine. */
export function leaksInternals(text: string, root: string): string | undefined {
  const patterns: Array<[RegExp, string]> = [
    [/\n\s+at [\w.<>]+ \(|\bat (async )?[\w.$<>]+ \([^)]*:\d+:\d+\)/, 'a stack frame'],
    [/\.(?:ts|js|mjs|cjs):\d+:\d+/, 'a source position'],
    [/node_modules/, 'a node_modules path'],
    [/file:\/\//, 'a file URL'],
  ];
  for (const [pattern, what] of patterns) if (pattern.test(text)) return what;
  if (root.length > 1 && text.includes(root)) return 'the project path';
  const tmp = tmpdir();
  if (tmp.length > 4 && text.includes(`${tmp}/`)) return 'a temporary path';
  return undefined;
}

const PASSWORD = 'Fuzz-Rydes-1';
const NOTE_MARKER = 'fuzz-note-7f3a9';
const REQUESTED_AT_MARKER = '2031-07-07T07:07:07.777Z';
const PHONE_MARKER = '+12065550177';

export async function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const r = prng(options.seed);
  const concurrency = options.concurrency ?? Number(process.env.FUZZ_CONCURRENCY ?? 8);
  const started = performance.now();
  const report = options.progress ?? (() => {});
  const progress = (line: string) => report(`${((performance.now() - started) / 1000).toFixed(1)} s: ${line}`);
  const findings: string[] = [];
  const answers: Record<string, number> = {};
  const count = (key: string) => (answers[key] = (answers[key] ?? 0) + 1);
  const logs: string[] = [];
  const prototypeKeys = () => [Object.getOwnPropertyNames(Object.prototype).join(','), Object.getOwnPropertyNames(Array.prototype).join(',')].join('|');
  const prototypesBefore = prototypeKeys();

  const cloud = await startCloudOnFreePorts({ projectRoot: options.projectRoot, log: (line) => logs.push(line) });
  const admin = adminClient(cloud.cognito);
  const agent = new Agent({ keepAlive: true, ca: cloud.caCertPem, maxSockets: concurrency * 2 });
  try {
    // Users and their tokens (SRP, as the CLI's app clients require).
    const tokens: Record<string, string> = {};
    const subs: Record<string, string> = {};
    const people: Array<[Actor | 'victim', string, string[]]> = [
      ['rider', 'fuzz-rider', []],
      ['stranger', 'fuzz-stranger', []],
      ['dispatcher', 'fuzz-dispatcher', ['Dispatchers']],
      ['admin', 'fuzz-admin', ['Admins']],
      // The Cognito cases may change, sign out or delete this one; the others keep their tokens.
      ['victim', 'fuzz-victim', []],
    ];
    for (const [role, username, groups] of people) {
      await createConfirmedUser(admin, cloud.cognito.userPoolId, username, PASSWORD, groups);
      const result = await signInWithSrp(admin, cloud.cognito, username, PASSWORD);
      tokens[role] = result.AccessToken!;
      tokens[`${role}-id`] = result.IdToken!;
      subs[role] = JSON.parse(Buffer.from(result.AccessToken!.split('.')[1]!, 'base64url').toString()).sub as string;
    }
    const tokenFor = (kind: TokenKind): string | undefined => {
      const [header, payload, signature] = tokens.rider!.split('.') as [string, string, string];
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
      const segment = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
      switch (kind) {
        case 'none':
          return undefined;
        case 'garbage':
          return 'not.a.token';
        case 'empty':
          return '';
        case 'bearer':
          return `Bearer ${tokens.rider}`;
        case 'forged-groups':
          return `${header}.${segment({ ...claims, 'cognito:groups': ['Admins'] })}.${signature}`;
        case 'alg-none':
          return `${segment({ alg: 'none' })}.${segment({ ...claims, 'cognito:groups': ['Admins'] })}.`;
        case 'other-alg':
          return `${segment({ alg: 'HS256', kid: JSON.parse(Buffer.from(header, 'base64url').toString()).kid })}.${payload}.${signature}`;
        case 'expired-forged':
          return `${header}.${segment({ ...claims, exp: 1, iat: 0 })}.${signature}`;
        default:
          return tokens[kind];
      }
    };
    const post = (token: string | undefined, body: string | Buffer) =>
      new Promise<{ status: number; text: string }>((resolve, reject) => {
        const req = request(cloud.graphqlEndpoint, { method: 'POST', agent, headers: { 'content-type': 'application/json', ...(token === undefined ? {} : { authorization: token }), 'content-length': Buffer.byteLength(body) } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
          res.on('error', reject);
        });
        // The server may answer 413 and close before reading an oversized body.
        req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' || error.code === 'EPIPE' ? resolve({ status: -1, text: '' }) : reject(error)));
        req.end(body);
      });
    const gql = async (actor: Actor, query: string, variables: Record<string, unknown> = {}) => {
      const { status, text } = await post(tokens[actor], JSON.stringify({ query, variables }));
      const body = JSON.parse(text) as { data?: Record<string, any>; errors?: unknown[] };
      if (status !== 200 || body.errors) throw new Error(`fixture request as ${actor} failed: ${status} ${text}`);
      return body.data!;
    };

    // Fixtures: a unicorn, a ride of the rider with a dispatcher's note, the rider's profile.
    const unicornId = (await gql('admin', 'mutation { createUnicorn(input: { name: "Fuzzy", color: "teal", available: true }) { id } }')).createUnicorn.id as string;
    const rideId = (await gql('rider', `mutation { createRide(input: { pickup: { latitude: 47.61, longitude: -122.33 }, requestedAt: "${REQUESTED_AT_MARKER}" }) { id } }`)).createRide.id as string;
    await gql('admin', `mutation { updateRide(input: { id: "${rideId}", dispatcherNote: "${NOTE_MARKER}" }) { id } }`);
    const riderProfileId = (await gql('rider', `mutation { createRider(input: { name: "Riley", phone: "${PHONE_MARKER}" }) { id } }`)).createRider.id as string;
    const world: World = { rideId, unicornId, riderProfileId };
    progress("users and fixtures made");
    // A ride no case names, for the closing getRide (the cases may delete the others).
    const lastRideId = (await gql('rider', `mutation { createRide(input: { pickup: { latitude: 47.61, longitude: -122.33 }, requestedAt: "${REQUESTED_AT_MARKER}" }) { id } }`)).createRide.id as string;

    // Every case, generated up front from the one PRNG.
    const total = options.cases;
    const n = { graphql: Math.round(total * 0.4), refused: Math.round(total * 0.15), cognito: Math.round(total * 0.3), realtime: 0 };
    n.realtime = Math.max(0, total - n.graphql - n.refused - n.cognito);
    const host = new URL(cloud.graphqlEndpoint).host;
    const graphqlCases = Array.from({ length: n.graphql }, (_, i) => graphqlCase(r, i, world));
    const refusedCases = Array.from({ length: n.refused }, (_, i) => refusedCase(r, n.graphql + i, world));
    const cognitoCases = Array.from({ length: n.cognito }, (_, i) => cognitoCase(r, n.graphql + n.refused + i, cloud.cognito, tokens.victim!));
    // Realtime cases send several frames each: one case per frame, roughly.
    const realtimeCases: RealtimeCase[] = [];
    for (let frames = 0, i = 0; frames < n.realtime; i++) {
      const c = realtimeCase(r, n.graphql + n.refused + n.cognito + i, host, tokens);
      realtimeCases.push(c);
      frames += c.frames.length;
    }

    const slow: Array<[number, string]> = [];
    const timed = async <T,>(describe: string, run: () => Promise<T>): Promise<T> => {
      const t = performance.now();
      const result = await run();
      if (process.env.FUZZ_PROFILE) slow.push([performance.now() - t, describe]);
      return result;
    };
    const judgeHttp = (c: { index: number; describe: string }, where: string, status: number, text: string) => {
      count(`${where} ${status}`);
      if (status >= 500) findings.push(`#${c.index} ${where} answered ${status}: ${c.describe} → ${text.slice(0, 300)}`);
      const leak = leaksInternals(text, options.projectRoot);
      if (leak) findings.push(`#${c.index} ${where} answer shows ${leak}: ${c.describe} → ${text.slice(0, 300)}`);
    };

    // 1. Requests the rules refuse, first and alone against the tables: nothing may change, nothing protected may show.
    const before = await scanAll(cloud);
    await inParallel(refusedCases, concurrency, async (c) => {
      const { status, text } = await post(tokenFor(c.token), c.body);
      judgeHttp(c, 'graphql', status, text);
      const shown = [NOTE_MARKER, ...(c.refused === 'stranger' ? [REQUESTED_AT_MARKER, PHONE_MARKER] : [])].filter((marker) => text.includes(marker));
      if (shown.length) findings.push(`#${c.index} a refused caller read ${shown.join(', ')}: ${c.describe} → ${text.slice(0, 300)}`);
    });
    const after = await scanAll(cloud);
    for (const table of Object.keys(before)) {
      if (before[table] !== after[table]) findings.push(`the refused requests changed the table ${table}`);
    }
    progress(`refused: ${refusedCases.length} cases`);

    // 2. GraphQL, anything goes (allowed writes included).
    await inParallel(graphqlCases, concurrency, async (c) => {
      const { status, text } = await timed(c.describe, () => post(tokenFor(c.token), c.body));
      judgeHttp(c, 'graphql', status, text);
    });
    if (process.env.FUZZ_PROFILE) for (const [ms, d] of slow.sort((a, b) => b[0] - a[0]).slice(0, 15)) progress(`${ms.toFixed(0)} ms ${d.slice(0, 150)}`);
    progress(`graphql: ${graphqlCases.length} cases`);

    // 3. Cognito.
    const failedSignUps = new Set<string>();
    const succeededSignUps = new Set<string>();
    await inParallel(cognitoCases, concurrency, async (c) => {
      const response = await fetch(`${cloud.cognito.endpoint}/`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-amz-json-1.1', ...(c.action === undefined ? {} : { 'x-amz-target': `AWSCognitoIdentityProviderService.${c.action}` }) },
        body: c.body,
      }).catch(() => undefined);
      if (!response) return void count('cognito connection closed');
      const text = await response.text();
      judgeHttp(c, 'cognito', response.status, text);
      if (c.signUpUsername) (response.status === 200 ? succeededSignUps : failedSignUps).add(c.signUpUsername);
    });
    for (const username of failedSignUps) {
      if (succeededSignUps.has(username)) continue;
      const found = await admin.send(new AdminGetUserCommand({ UserPoolId: cloud.cognito.userPoolId, Username: username })).then(() => true, () => false);
      if (found) findings.push(`a failed SignUp left the user ${username}`);
    }
    progress(`cognito: ${cognitoCases.length} cases (${failedSignUps.size} failed SignUps checked)`);

    // 4. Real-time frames.
    await inParallel(realtimeCases, Math.max(2, concurrency / 2), async (c) => {
      for (const frame of await realtimeExchange(cloud, host, tokens, c)) {
        count(`realtime ${frame.type ?? 'close'}`);
        const text = JSON.stringify(frame);
        const leak = leaksInternals(text, options.projectRoot);
        if (leak) findings.push(`#${c.index} realtime frame shows ${leak}: ${c.describe} → ${text.slice(0, 300)}`);
        if (/InternalFailure/.test(text) || (frame.code !== undefined && frame.code >= 1011 && frame.code < 1015)) findings.push(`#${c.index} realtime internal failure: ${c.describe} → ${text.slice(0, 300)}`);
        if (frame.type === 'timeout') findings.push(`#${c.index} realtime: no answer within 10 s: ${c.describe}`);
      }
    });
    progress(`realtime: ${realtimeCases.length} connections, ${realtimeCases.reduce((s, c) => s + c.frames.length, 0)} frames`);

    // The server's own log: a 500 or an unexpected error is a finding even when the answer hid it.
    for (const line of logs) if (/\[graphql\] 500|unexpected error|failed: .*\n\s+at |handling a .* message failed/.test(line)) findings.push(`server log: ${line.slice(0, 300)}`);

    // Still serving, and nothing added to the prototypes.
    const last = await post(tokens.rider, JSON.stringify({ query: `query { getRide(id: "${lastRideId}") { id requestedAt } }` }));
    if (last.status !== 200 || !last.text.includes(REQUESTED_AT_MARKER)) findings.push(`the server no longer answers a normal getRide: ${last.status} ${last.text.slice(0, 200)}`);
    if (({} as Record<string, unknown>).polluted !== undefined || ([] as unknown as Record<string, unknown>).polluted !== undefined) findings.push('Object.prototype was polluted');
    if (prototypeKeys() !== prototypesBefore) findings.push('Object.prototype or Array.prototype gained properties');
    return { seed: options.seed, counts: { graphql: graphqlCases.length, refused: refusedCases.length, cognito: cognitoCases.length, realtime: realtimeCases.reduce((s, c) => s + c.frames.length, 0) }, answers, findings };
  } finally {
    agent.destroy();
    admin.destroy();
    await cloud.close();
  }
}

async function inParallel<T>(items: readonly T[], width: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) await run(items[next++]!);
    }),
  );
}

/** Every item of every table, as one canonical text per table. */
async function scanAll(cloud: LocalCloud): Promise<Record<string, string>> {
  const tables: Record<string, string> = {};
  for (const table of Object.values(cloud.dynamodb.tables)) {
    const items: string[] = [];
    let ExclusiveStartKey: Record<string, any> | undefined;
    do {
      const page = await cloud.dynamodb.client.send(new ScanCommand({ TableName: table, ExclusiveStartKey, ConsistentRead: true }));
      for (const item of page.Items ?? []) items.push(JSON.stringify(Object.fromEntries(Object.entries(item).sort(([a], [b]) => a.localeCompare(b)))));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    tables[table] = items.sort().join('\n');
  }
  return tables;
}

type SeenFrame = { type?: string; code?: number; [key: string]: unknown };

/** Opens one connection, sends the case's frames, then a `stop` whose `complete` shows all were handled (or the close). */
async function realtimeExchange(cloud: LocalCloud, host: string, tokens: Record<string, string>, c: RealtimeCase): Promise<SeenFrame[]> {
  const protocols = ['graphql-ws'];
  const b64 = (value: string) => Buffer.from(value).toString('base64url');
  if (c.auth === 'valid') protocols.push(authProtocol(cloud, tokens.rider!));
  else if (c.auth === 'garbage') protocols.push(authProtocol(cloud, 'garbage'));
  else if (c.auth === 'bad-base64') protocols.push('header-%%%');
  else if (c.auth === 'not-object') protocols.push(`header-${b64('[1,2]')}`);
  else if (c.auth === 'forged') protocols.push(`header-${b64(JSON.stringify({ Authorization: `${tokens.rider!.slice(0, -4)}AAAA`, host }))}`);
  const seen: SeenFrame[] = [];
  const socket = new WebSocket(realtimeUrl(cloud), protocols, { ca: cloud.caCertPem, maxPayload: 4 * 1024 * 1024 });
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      seen.push({ type: 'timeout' });
      socket.terminate();
      resolve();
    }, 10_000);
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    socket.on('error', () => {});
    socket.on('unexpected-response', (_req, res) => {
      seen.push({ type: `upgrade ${res.statusCode}`, code: res.statusCode });
      done();
    });
    socket.on('open', () => {
      for (const frame of c.frames) socket.send(frame, { binary: Buffer.isBuffer(frame) });
      socket.send(JSON.stringify({ type: 'stop', id: 'sentinel' }));
    });
    socket.on('message', (data) => {
      let frame: SeenFrame;
      try {
        frame = JSON.parse(data.toString()) as SeenFrame;
      } catch {
        frame = { type: 'unparseable', text: data.toString().slice(0, 200) };
      }
      seen.push(frame);
      if (frame.type === 'complete' && frame.id === 'sentinel') {
        socket.close();
        done();
      }
    });
    socket.on('close', (code, reason) => {
      seen.push({ type: undefined, code, reason: reason.toString() });
      done();
    });
  });
  if (socket.readyState === WebSocket.OPEN || socket.readyState === WebSocket.CONNECTING) socket.terminate();
  return seen;
}
