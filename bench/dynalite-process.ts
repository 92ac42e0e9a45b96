// The local cloud's DynamoDB store (src/local/dynamodb/embedded.ts: dynalite with the local cloud's
// patches, LevelDB in DYNALITE_DATA_DIR) in a process of its own, for `npm run bench`: a local cloud
// started with --dynamodb-endpoint on it shows what the store costs apart from the rest. Sends
// {type: 'ready', endpoint, readyMs} over the IPC channel.
import { startEmbeddedDynamoDb } from '../src/local/dynamodb/embedded.js';
import { serveUntilParentLeaves } from './forked-child.js';

const store = await startEmbeddedDynamoDb({ dataDir: process.env.DYNALITE_DATA_DIR || undefined, port: 0, log: () => {} });
serveUntilParentLeaves({ endpoint: store.endpoint }, () => store.close());
