import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, isNonNullType, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';

const graphqlDir = join(import.meta.dirname, '..', '..', 'graphql');

/** The operations that docs/access-rules.md needs from the compiled API, read from the committed schema. */
describe('compiled API surface', () => {
  let schema: GraphQLSchema;
  beforeAll(() => {
    const sdl = readFileSync(join(graphqlDir, 'aws.graphql'), 'utf8') + readFileSync(join(graphqlDir, 'schema.graphql'), 'utf8');
    schema = buildSchema(sdl); // also proves the prelude makes the schema parse with standard tools
  });
  const fields = (type: GraphQLObjectType | null | undefined) => Object.keys(type?.getFields() ?? {});

  it.each(['Unicorn', 'Ride', 'Rider'])('has get, list, create, update, delete and on* subscriptions for %s', (model) => {
    const plural = `${model}s`;
    expect(fields(schema.getQueryType())).toEqual(expect.arrayContaining([`get${model}`, `list${plural}`]));
    expect(fields(schema.getMutationType())).toEqual(expect.arrayContaining([`create${model}`, `update${model}`, `delete${model}`]));
    expect(fields(schema.getSubscriptionType())).toEqual(expect.arrayContaining([`onCreate${model}`, `onUpdate${model}`, `onDelete${model}`]));
  });

  it('has the "my rides" query: by owner, sortable by requestedAt, paged', () => {
    const myRides = schema.getQueryType()!.getFields().myRides!;
    const args = Object.fromEntries(myRides.args.map((a) => [a.name, a.type.toString()]));
    expect(args).toEqual({
      owner: 'String!',
      requestedAt: 'ModelStringKeyConditionInput',
      sortDirection: 'ModelSortDirection',
      filter: 'ModelRideFilterInput',
      limit: 'Int',
      nextToken: 'String',
    });
    expect(myRides.type.toString()).toBe('ModelRideConnection');
  });

  it('has the Ride fields of the spec with their types', () => {
    const ride = schema.getType('Ride') as GraphQLObjectType;
    const types = Object.fromEntries(Object.values(ride.getFields()).map((f) => [f.name, f.type.toString()]));
    expect(types).toMatchObject({
      id: 'ID!',
      pickup: 'Location!',
      requestedAt: 'AWSDateTime!',
      status: 'RideStatus',
      unicornId: 'ID',
      unicorn: 'Unicorn',
      fare: 'Float',
      dispatcherNote: 'String',
      passengers: '[String]',
      owner: 'String',
    });
    expect(schema.getType('RideStatus')!.toString()).toBe('RideStatus');
    expect((schema.getType('RideStatus') as any).getValues().map((v: { name: string }) => v.name)).toEqual([
      'REQUESTED',
      'DISPATCHED',
      'COMPLETED',
      'CANCELLED',
    ]);
  });

  it('subscribes rides and profiles with an owner argument, so the owner rules can filter events', () => {
    const subscriptions = schema.getSubscriptionType()!.getFields();
    for (const name of ['onCreateRide', 'onUpdateRide', 'onDeleteRide', 'onCreateRider']) {
      expect(subscriptions[name]!.args.map((a) => a.name)).toEqual(['filter', 'owner']);
    }
    expect(subscriptions.onUpdateUnicorn!.args.map((a) => a.name)).toEqual(['filter']);
  });

  it('does not let a create input carry anything the spec does not allow to be chosen', () => {
    const input = schema.getType('CreateRideInput') as any;
    const inputFields = input.getFields();
    expect(isNonNullType(inputFields.requestedAt.type)).toBe(true);
    expect(Object.keys(inputFields)).not.toContain('createdAt');
    const rider = (schema.getType('Rider') as GraphQLObjectType).getFields();
    expect(rider.phone!.type.toString()).toBe('AWSPhone');
  });
});
