#!/usr/bin/env node
// `npx wildrydes ...`: the operator CLI (src/cli), run from the prebuilt bundle it shares with
// `npm start` (src/local/bundle/), rebuilt first when a source changed: no transpiling at run time.
import { ensureBundle } from '../src/local/bundle/local-bundle.cjs';
import { runBundle } from '../src/local/bundle/run-bundle.cjs';

// The AWS SDK warns on Node 20 about its releases from 2027 on; not the operator's concern here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// Output piped into a reader that stops early (`wildrydes users list | head`): stop as a shell
// command would on SIGPIPE, without a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(141);
    throw error;
  });
}
let main;
try {
  // A rebuild is reported to a person at a terminal only: scripts read stderr for the command's own errors.
  const log = (line) => process.stderr.isTTY && console.error(line);
  ({ main } = runBundle(await ensureBundle('cli', log), { log }).exports);
} catch (error) {
  console.error(`${error.name}: ${error.message}`);
  process.exit(1);
}
const code = await main(process.argv.slice(2));
// Amplify and the AWS SDK may keep sockets and timers alive: the command is done, so leave, once
// what was written has gone out (writes to a pipe are asynchronous on some systems).
const flushed = (stream) => new Promise((resolve) => stream.write('', resolve));
await flushed(process.stdout);
await flushed(process.stderr);
process.exit(code);
