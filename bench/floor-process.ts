// The floor (floor-server.ts) in a process of its own, for `npm run bench`: its CPU time and memory
// are then its own. The bench forks it with the local cloud's DynamoDB endpoint, Ride table and user
// pool in FLOOR_CONFIG (JSON); it fetches the pool's signing keys once over HTTP, makes a throwaway CA
// in memory, and sends {type: 'ready', graphqlEndpoint, caCertPem} over the IPC channel.
// It does not ask the pool whether a token was revoked (that is a call into the pool's own process);
// the local cloud, which does, has that check in its figures.
import { loadOrCreateTls } from '../src/local/tls/certificate-authority.js';
import { startFloor } from './floor-server.js';

export interface FloorProcessConfig {
  dynamodbEndpoint: string;
  region: string;
  rideTable: string;
  cognitoEndpoint: string;
  userPoolId: string;
}

export class FloorConfigError extends Error {
  override name = 'FloorConfigError';
}

const config = JSON.parse(process.env.FLOOR_CONFIG ?? 'null') as FloorProcessConfig | null;
if (!config) throw new FloorConfigError('FLOOR_CONFIG (JSON: dynamodbEndpoint, region, rideTable, cognitoEndpoint, userPoolId) is not set');

const wellKnown = `${config.cognitoEndpoint}/${config.userPoolId}/.well-known/`;
const openId = (await (await fetch(`${wellKnown}openid-configuration`)).json()) as { issuer: string };
const jwks = (await (await fetch(`${wellKnown}jwks.json`)).json()) as { keys: Array<Record<string, unknown>> };
const tls = await loadOrCreateTls();
const floor = await startFloor({
  dynamodb: { endpoint: config.dynamodbEndpoint, region: config.region, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } },
  rideTable: config.rideTable,
  trust: { userPoolId: config.userPoolId, issuer: openId.issuer, jwks: () => jwks },
  tls: { key: tls.serverKeyPem, cert: tls.serverCertPem },
});

const stop = () => void floor.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('disconnect', stop);
process.send!({ type: 'ready', graphqlEndpoint: floor.graphqlEndpoint, caCertPem: tls.caCertPem, readyMs: performance.now() });
