// A stop and a start on the same data folder keep users, data, signing keys and the CA.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VALIDATED_SDL_FILE } from '../../src/local/cloud.js';
import { CREATE_RIDE, GET_RIDE, createUser, gql, post, rideInput, signInAs, startTestCloud, tempDir, type TestCloud } from './helpers.js';

let data: Awaited<ReturnType<typeof tempDir>>;
let second: TestCloud | undefined;

beforeAll(async () => {
  data = await tempDir();
});

afterAll(async () => {
  await second?.stop();
  await data?.remove();
});

describe('restart on the same data folder', () => {
  it('keeps users, rides, keys and the certificate authority', async () => {
    const first = await startTestCloud({ dataDir: data.dir });
    await createUser(first, 'alice');
    const alice = await signInAs('alice');
    const created = await gql(CREATE_RIDE, { input: rideInput() });
    const rideId = created.data.createRide.id as string;
    const before = { pool: first.cloud.cognito.userPoolId, client: first.cloud.cognito.clientId, ca: first.cloud.caCertPem };
    // A stop the way Ctrl-C stops `npm start`: close, nothing else.
    await first.cloud.close();
    first.admin.destroy();

    // The API schema passed SDL validation once: the next start on this folder does not validate it again.
    const validated = () => JSON.parse(readFileSync(join(data.dir, VALIDATED_SDL_FILE), 'utf8')).keys as string[];
    const keys = validated();
    expect(keys).toHaveLength(1);

    second = await startTestCloud({ dataDir: data.dir });
    expect(validated()).toEqual(keys);
    expect({ pool: second.cloud.cognito.userPoolId, client: second.cloud.cognito.clientId, ca: second.cloud.caCertPem }).toEqual(before);
    expect(second.cloud.dynamodb.changes.map((change) => change.action)).toEqual(['unchanged', 'unchanged', 'unchanged']);

    // The token from before the restart still verifies: the signing keys survived.
    const read = await post(second.cloud, { query: GET_RIDE, variables: { id: rideId } }, { authorization: alice.accessToken });
    expect(read.status).toBe(200);
    expect(read.body.data.getRide).toMatchObject({ id: rideId, owner: 'alice' });

    // The user and their password survived.
    await signInAs('alice');
    expect((await gql(GET_RIDE, { id: rideId })).data.getRide.id).toBe(rideId);
  });
});
