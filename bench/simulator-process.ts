// `amplify mock`'s simulator (amplify-mock-baseline.ts) in a process of its own, for `npm run bench`,
// on the DynamoDB endpoint in SIMULATOR_CONFIG (JSON). It counts what DynamoDB read for each request
// (dynamodb-reads.ts) in this process and answers the bench's {type: 'reads', reset?} over IPC, so
// that the count costs the measured requests nothing but a middleware call.
import { defineApi, readBuildFolder } from '../src/local/appsync/api-definition.js';
import { startAmplifyMockBaseline } from './amplify-mock-baseline.js';
import { countDynamoDbReads } from './dynamodb-reads.js';
import { forkedConfig, serveUntilParentLeaves } from './forked-child.js';

export interface SimulatorProcessConfig {
  buildDir: string;
  apiId: string;
  dynamodbEndpoint: string;
  region: string;
}

const config = forkedConfig<SimulatorProcessConfig>('SIMULATOR_CONFIG', 'buildDir, apiId, dynamodbEndpoint, region');

const api = defineApi(readBuildFolder(config.buildDir), { apiId: config.apiId, env: 'local', region: config.region });
const baseline = await startAmplifyMockBaseline(api, { endpoint: config.dynamodbEndpoint, region: config.region, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
const reads = countDynamoDbReads(baseline.simulator);

process.on('message', (message: { type: string; id: number }) => {
  if (message.type === 'reads') {
    process.send!({ id: message.id, result: reads.read() });
    reads.reset();
  }
});
serveUntilParentLeaves({ graphqlEndpoint: baseline.graphqlEndpoint }, () => baseline.stop());
