// Started as its own process by the benchmark: how long `amplify mock`'s simulator takes from process
// start to a listening server, on the same compiled API. Prints `ready <ms>` and exits.
import { defineApi, readBuildFolder } from '../src/local/appsync/api-definition.js';
import { startAmplifyMockBaseline } from './amplify-mock-baseline.js';

const [buildDir, apiId] = process.argv.slice(2) as [string, string];
const api = defineApi(readBuildFolder(buildDir), { apiId, env: 'local', region: 'us-east-1' });
// Nothing is read at start, so the DynamoDB endpoint need not answer.
const baseline = await startAmplifyMockBaseline(api, { endpoint: 'http://127.0.0.1:9', region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
console.log(`ready ${performance.now().toFixed(0)}`);
await baseline.stop();
process.exit(0);
