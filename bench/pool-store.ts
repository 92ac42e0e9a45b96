// Sign-up throughput of the local user pool at 1,000 and at 50,000 users: does a sign-up cost more
// as the pool grows? (With the whole pool rewritten on each change it did: 5.9 MB per write at
// 4,500 users.)
//
// What is measured: the real path, over HTTP with the AWS SDK, SignUp then AdminConfirmSignUp per
// user (SRP verifier, code, two commits each made durable with fdatasync), 8 at a time. The pool is
// first seeded to its size straight through the store (openStore, one commit), with copies of one
// real user, then restarted; its open time is printed too.
//
//   npm run bench:pool-store [-- --signups 400 --sizes 1000,50000]
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AdminConfirmSignUpCommand, SignUpCommand } from '@aws-sdk/client-cognito-identity-provider';
import { startCognito, type LocalCognito } from '../src/local/cognito/index.js';
import { LOG_FILE, openStore, type UserRecord } from '../src/local/cognito/store.js';
import { adminClient } from '../tests/support/cognito-users.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 && args[at + 1] ? args[at + 1]! : fallback;
};
const SIGNUPS = Number(option('signups', '400'));
const SIZES = option('sizes', '1000,50000').split(',').map(Number);
const CONCURRENCY = 8;
const projectRoot = process.cwd();

interface Figures {
  size: number;
  openMs: number;
  signUpsPerSecond: number;
  bytesPerSignUp: number;
  logMb: number;
}

async function startPool(dataDir: string): Promise<LocalCognito> {
  return startCognito({ projectRoot, dataDir, port: 0, log: () => {} });
}

async function signUps(pool: LocalCognito, prefix: string, count: number): Promise<void> {
  const sdk = adminClient(pool);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const username = `${prefix}${next++}`;
      await sdk.send(
        new SignUpCommand({
          ClientId: pool.clientId,
          Username: username,
          Password: 'bench-password-1',
          UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }],
        }),
      );
      await sdk.send(new AdminConfirmSignUpCommand({ UserPoolId: pool.userPoolId, Username: username }));
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  sdk.destroy();
}

async function measure(size: number): Promise<Figures> {
  const dataDir = await mkdtemp(path.join(tmpdir(), `pool-bench-${size}-`));
  try {
    // A real user to copy: its SRP verifier and attributes are what a sign-up stores.
    let pool = await startPool(dataDir);
    await signUps(pool, 'template', 1);
    await pool.close();

    const { store } = await openStore(dataDir, () => {
      throw new Error('the pool was just created');
    });
    const template = JSON.parse(JSON.stringify(store.state.users['template0'])) as UserRecord;
    for (let i = 0; i < size; i++) {
      const username = `seed${i}`;
      store.state.users[username] = {
        ...template,
        username,
        sub: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
        attributes: { ...template.attributes, email: `${username}@example.com` },
      };
    }
    await store.persist();

    const opening = performance.now();
    pool = await startPool(dataDir);
    const openMs = performance.now() - opening;
    await signUps(pool, 'warm', 40);
    const before = (await stat(path.join(dataDir, LOG_FILE))).size;
    const started = performance.now();
    await signUps(pool, 'bench', SIGNUPS);
    const seconds = (performance.now() - started) / 1000;
    const after = (await stat(path.join(dataDir, LOG_FILE))).size;
    await pool.close();
    return {
      size,
      openMs,
      signUpsPerSecond: SIGNUPS / seconds,
      // Negative when a compaction ran during the run.
      bytesPerSignUp: (after - before) / SIGNUPS,
      logMb: after / 1e6,
    };
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

const results: Figures[] = [];
for (const size of SIZES) {
  const figures = await measure(size);
  results.push(figures);
  console.log(
    `${String(size).padStart(6)} users: ${figures.signUpsPerSecond.toFixed(1)} sign-ups/s (SignUp + AdminConfirmSignUp, ${CONCURRENCY} at a time), ` +
      `${Math.round(figures.bytesPerSignUp)} bytes of log per sign-up, log ${figures.logMb.toFixed(1)} MB, pool opened in ${Math.round(figures.openMs)} ms`,
  );
}
if (results.length >= 2) {
  const first = results[0]!;
  const last = results[results.length - 1]!;
  const ratio = first.signUpsPerSecond / last.signUpsPerSecond;
  console.log(`throughput at ${first.size} / at ${last.size}: ${ratio.toFixed(2)} (goal: at most 1.5)`);
}
