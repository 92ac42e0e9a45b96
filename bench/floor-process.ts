// The floor (floor-server.ts) in a process of its own, for `npm run bench`: its CPU time and memory
// are then its own. The bench forks it with the local cloud's DynamoDB endpoint, Ride table and user
// pool in FLOOR_CONFIG (JSON); it fetches the pool's signing keys once over HTTP, makes a throwaway CA
// in memory, and sends {type: 'ready', graphqlEndpoint, caCertPem} over the IPC channel.
// It does not ask the pool whether a token was revoked (that is a call into the pool's own process);
// the local cloud, which does, has that check in its figures.
import { loadOrCreateTls } from '../src/local/tls/certificate-authority.js';
import { forkedConfig, serveUntilParentLeaves } from './forked-child.js';
import { startFloor } from './floor-server.js';

export interface FloorProcessConfig {
  dynamodbEndpoint: string;
  region: string;
  rideTable: string;
  cognitoEndpoint: string;
  userPoolId: string;
}

const config = forkedConfig<FloorProcessConfig>('FLOOR_CONFIG', 'dynamodbEndpoint, region, rideTable, cognitoEndpoint, userPoolId');

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

serveUntilParentLeaves({ graphqlEndpoint: floor.graphqlEndpoint, caCertPem: tls.caCertPem }, () => floor.close());
