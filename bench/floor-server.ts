// The floor of the benchmark: what the measured operations cost when written by hand. graphql-js
// (the project's graphql 16) with resolvers that enforce the same access rules as the compiled
// templates (../amplify/backend/api/wildrydes/schema.graphql, the Ride model) with direct DynamoDB
// calls, behind the same token verification, over HTTPS with keep-alive. It serves only getRide,
// listRides, myRides and createRide, with the fields the bench selects; it is a yardstick, not a
// second implementation of the API.
//
// The rules it enforces, as the transformer's templates do for the Ride model:
// - read (get, list, my rides): Dispatchers and Admins see every ride; anyone else the rides whose
//   `owner` is one of their identities (`<sub>::<username>`, `<sub>`, `<username>`) or whose
//   `passengers` contain one; a get of someone else's ride is null with an Unauthorized error; a
//   list filters; "my rides" of another owner is refused (the project's postAuth slot).
// - create: the owner is the caller (an `owner` naming anyone else is refused); `status`,
//   `unicornId`, `fare` and `dispatcherNote` only from Dispatchers and Admins; a new ride starts
//   REQUESTED; the id is new and not yet in the table.
// - `owner` is answered as its username part, as the transformer's `Ride.owner` field resolver does.
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient, GetItemCommand, PutItemCommand, QueryCommand, ScanCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { buildSchema, graphql, GraphQLError } from 'graphql';
import { createTokenVerifier, UnauthorizedError, type JwtClaims, type UserPoolTrust } from '../src/local/appsync/token-verifier.js';

export interface FloorOptions {
  dynamodb: { endpoint: string; region: string; credentials: { accessKeyId: string; secretAccessKey: string } };
  rideTable: string;
  trust: UserPoolTrust;
  tls: { key: string; cert: string };
}

export interface Floor {
  graphqlEndpoint: string;
  server: Server;
  close(): Promise<void>;
}

const SCHEMA = buildSchema(`
  enum RideStatus { REQUESTED DISPATCHED COMPLETED CANCELLED }
  enum ModelSortDirection { ASC DESC }
  type Location { latitude: Float! longitude: Float! }
  input LocationInput { latitude: Float! longitude: Float! }
  type Ride {
    id: ID!
    pickup: Location!
    requestedAt: String!
    status: RideStatus
    unicornId: ID
    fare: Float
    passengers: [String]
    owner: String
    createdAt: String!
    updatedAt: String!
  }
  type ModelRideConnection { items: [Ride]! nextToken: String }
  input CreateRideInput {
    id: ID
    pickup: LocationInput!
    requestedAt: String!
    status: RideStatus
    unicornId: ID
    fare: Float
    dispatcherNote: String
    passengers: [String]
    owner: String
  }
  type Query {
    getRide(id: ID!): Ride
    listRides(limit: Int, nextToken: String): ModelRideConnection
    myRides(owner: String!, sortDirection: ModelSortDirection, limit: Int, nextToken: String): ModelRideConnection
  }
  type Mutation { createRide(input: CreateRideInput!): Ride }
`);

const GROUPS = ['Dispatchers', 'Admins'];
const PROTECTED_ON_CREATE = ['status', 'unicornId', 'fare', 'dispatcherNote'];

class NotAuthorized extends GraphQLError {
  constructor(field: string, type: string) {
    super(`Not Authorized to access ${field} on type ${type}`, { extensions: { errorType: 'Unauthorized' } });
  }
}

interface Caller {
  claims: JwtClaims;
  inGroup: boolean;
  /** The owner values that name the caller: `<sub>::<username>`, `<sub>`, `<username>`. */
  identities: string[];
}

function callerOf(claims: JwtClaims): Caller {
  const groups = Array.isArray(claims['cognito:groups']) ? (claims['cognito:groups'] as string[]) : [];
  const sub = typeof claims.sub === 'string' ? claims.sub : undefined;
  const username = (claims.username ?? claims['cognito:username']) as string | undefined;
  const identities = [sub && username ? `${sub}::${username}` : undefined, sub, username].filter((x): x is string => typeof x === 'string');
  return { claims, inGroup: groups.some((g) => GROUPS.includes(g)), identities };
}

type Ride = Record<string, unknown> & { owner?: string; passengers?: string[] };

function mayRead(caller: Caller, ride: Ride): boolean {
  if (caller.inGroup) return true;
  if (typeof ride.owner === 'string' && caller.identities.includes(ride.owner)) return true;
  return Array.isArray(ride.passengers) && ride.passengers.some((p) => caller.identities.includes(p));
}

/** The ride as the API answers it: `owner` as its username part. */
function answer(ride: Ride): Ride {
  if (typeof ride.owner === 'string') ride.owner = ride.owner.split('::').pop();
  return ride;
}

const encodeToken = (key: Record<string, AttributeValue> | undefined) => (key ? Buffer.from(JSON.stringify(key)).toString('base64') : null);
const decodeToken = (token: string | null | undefined) => (token ? (JSON.parse(Buffer.from(token, 'base64').toString()) as Record<string, AttributeValue>) : undefined);

function resolvers(db: DynamoDBClient, table: string) {
  /** The list filter of a caller outside the groups: owner is one of theirs, or passengers contain one. */
  const readFilter = (caller: Caller) => {
    const names = { '#owner': 'owner', '#passengers': 'passengers' };
    const values: Record<string, AttributeValue> = {};
    const terms: string[] = [];
    caller.identities.forEach((identity, i) => {
      values[`:i${i}`] = { S: identity };
      terms.push(`#owner = :i${i}`, `contains(#passengers, :i${i})`);
    });
    return { FilterExpression: terms.join(' OR '), ExpressionAttributeNames: names, ExpressionAttributeValues: values };
  };
  const page = (output: { Items?: Record<string, AttributeValue>[]; LastEvaluatedKey?: Record<string, AttributeValue> }) => ({
    items: (output.Items ?? []).map((item) => answer(unmarshall(item) as Ride)),
    nextToken: encodeToken(output.LastEvaluatedKey),
  });

  return {
    async getRide(args: { id: string }, caller: Caller) {
      const output = await db.send(new GetItemCommand({ TableName: table, Key: { id: { S: args.id } } }));
      if (!output.Item) return null;
      const ride = unmarshall(output.Item) as Ride;
      if (!mayRead(caller, ride)) throw new NotAuthorized('getRide', 'Query');
      return answer(ride);
    },
    async listRides(args: { limit?: number | null; nextToken?: string | null }, caller: Caller) {
      if (!caller.inGroup && caller.identities.length === 0) throw new NotAuthorized('listRides', 'Query');
      const output = await db.send(
        new ScanCommand({ TableName: table, Limit: args.limit ?? 100, ExclusiveStartKey: decodeToken(args.nextToken), ...(caller.inGroup ? {} : readFilter(caller)) }),
      );
      return page(output);
    },
    async myRides(args: { owner: string; sortDirection?: string | null; limit?: number | null; nextToken?: string | null }, caller: Caller) {
      if (!caller.inGroup && !caller.identities.includes(args.owner)) throw new NotAuthorized('myRides', 'Query');
      const output = await db.send(
        new QueryCommand({
          TableName: table,
          IndexName: 'byOwner',
          KeyConditionExpression: '#owner = :owner',
          ExpressionAttributeNames: { '#owner': 'owner' },
          ExpressionAttributeValues: { ':owner': { S: args.owner } },
          ScanIndexForward: args.sortDirection !== 'DESC',
          Limit: args.limit ?? 100,
          ExclusiveStartKey: decodeToken(args.nextToken),
        }),
      );
      return page(output);
    },
    async createRide(args: { input: Ride }, caller: Caller) {
      const input = { ...args.input };
      if (caller.identities.length === 0) throw new NotAuthorized('createRide', 'Mutation');
      if (input.owner !== undefined && input.owner !== null && !caller.identities.includes(input.owner)) throw new NotAuthorized('createRide', 'Mutation');
      if (!caller.inGroup && PROTECTED_ON_CREATE.some((field) => input[field] !== undefined && input[field] !== null)) throw new NotAuthorized('createRide', 'Mutation');
      const now = new Date().toISOString();
      const ride: Ride = { id: randomUUID(), createdAt: now, updatedAt: now, ...input, __typename: 'Ride' };
      ride.owner ??= caller.identities[0];
      ride.status ??= 'REQUESTED';
      await db.send(
        new PutItemCommand({
          TableName: table,
          Item: marshall(ride, { removeUndefinedValues: true, convertClassInstanceToMap: true }),
          ConditionExpression: 'attribute_not_exists(#id)',
          ExpressionAttributeNames: { '#id': 'id' },
        }),
      );
      return answer(ride);
    },
  };
}

export async function startFloor(options: FloorOptions): Promise<Floor> {
  const db = new DynamoDBClient({ endpoint: options.dynamodb.endpoint, region: options.dynamodb.region, credentials: options.dynamodb.credentials });
  const verifier = createTokenVerifier(options.trust);
  const root = resolvers(db, options.rideTable);
  const send = (response: import('node:http').ServerResponse, status: number, body: unknown) => {
    const text = JSON.stringify(body);
    response.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', 'content-length': String(Buffer.byteLength(text)) });
    response.end(text);
  };
  const server = createServer({ key: options.tls.key, cert: options.tls.cert }, (request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', async () => {
      try {
        const { claims } = await verifier.verify(request.headers.authorization);
        const body = JSON.parse(Buffer.concat(chunks).toString()) as { query: string; variables?: Record<string, unknown>; operationName?: string };
        const result = await graphql({
          schema: SCHEMA,
          source: body.query,
          rootValue: root,
          contextValue: callerOf(claims),
          variableValues: body.variables,
          operationName: body.operationName,
        });
        const errors = result.errors?.map((e) => ({
          path: e.path ?? null,
          data: null,
          errorType: (e.extensions.errorType as string | undefined) ?? null,
          errorInfo: null,
          locations: e.locations ?? null,
          message: e.message,
        }));
        send(response, 200, errors ? { data: result.data ?? null, errors } : { data: result.data });
      } catch (error) {
        if (error instanceof UnauthorizedError) send(response, 401, { errors: [{ errorType: 'UnauthorizedException', message: error.message }] });
        else send(response, 400, { errors: [{ errorType: 'BadRequestException', message: (error as Error).message }] });
      }
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    graphqlEndpoint: `https://127.0.0.1:${port}/graphql`,
    server,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      db.destroy();
    },
  };
}
