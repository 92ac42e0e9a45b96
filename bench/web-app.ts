// `npm run bench:web`: the web app's weight and speed, in Debian's Chromium against a local cloud
// started here (in memory, free ports). Not a test: the figures depend on the machine.
//
// Reports:
// - JavaScript, gzip: the first page (the scripts index.html loads: the sign-in page), the signed-in
//   rider page on top of it, and the whole build;
// - navigation to the signed-in rider page: a person with a stored session opens the app, until the
//   page is ready (heading shown and live updates connected); and sign-in click to the same point;
// - assignment to the rider's page: a dispatcher assigns a unicorn (SDK call started in this
//   process), until the rider's page shows the unicorn's name (seen by a MutationObserver in the
//   page; both clocks are this machine's), over BENCH_RIDES rides (20).
// Goals: first page at most 250 KB gzip; assignment visible within 300 ms at p95.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { createClient, createUnicorn, dispatchRide, setRideStatus, signIn } from '../src/client/index.js';
import { distributionDir } from '../src/local/web-host/index.js';
import { adminClient, createConfirmedUser } from '../tests/support/cognito-users.js';
import { projectRoot, signInWithForm, startWebWorld } from '../tests/support/web-app.js';

const RIDES = Number(process.env.BENCH_RIDES ?? 20);
const LOADS = Number(process.env.BENCH_LOADS ?? 10);
const PASSWORD = 'Bench-rider-1';

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const ms = (n: number) => `${n.toFixed(0)} ms`;
function summary(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  return `p50 ${ms(at(0.5))}, p95 ${ms(at(0.95))}, max ${ms(sorted.at(-1)!)} (n=${sorted.length})`;
}

function javascriptWeight(dist: string) {
  const assets = join(dist, 'assets');
  const gz = (file: string) => gzipSync(readFileSync(join(assets, file)), { level: 9 }).length;
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const firstPage = [...html.matchAll(/assets\/([^"]+\.js)/g)].map((m) => m[1]!);
  const all = readdirSync(assets).filter((f) => f.endsWith('.js'));
  return { firstPage, firstPageBytes: firstPage.reduce((n, f) => n + gz(f), 0), all, allBytes: all.reduce((n, f) => n + gz(f), 0), gz };
}

async function riderReady(page: Page): Promise<void> {
  await page.getByRole('heading', { name: 'Request a ride' }).waitFor();
  await page.getByText(/^Live: ride updates/).waitFor();
}

async function main(): Promise<void> {
  const world = await startWebWorld();
  const admin = adminClient(world.cloud.cognito);
  try {
    const weight = javascriptWeight(distributionDir(projectRoot));

    await createConfirmedUser(admin, world.cloud.cognito.userPoolId, 'bench-rider', PASSWORD);
    await createConfirmedUser(admin, world.cloud.cognito.userPoolId, 'bench-dispatcher', PASSWORD, ['Dispatchers', 'Admins']);
    const dispatcher = createClient(world.cloud.config);
    await signIn(dispatcher, { username: 'bench-dispatcher', password: PASSWORD });
    const unicorn = await createUnicorn(dispatcher, { name: 'Benchmark Blaze', color: '#ff8800', available: true });

    const { context, page } = await world.person();
    const scripts = new Set<string>();
    page.on('response', (response) => {
      const path = new URL(response.url()).pathname;
      if (path.endsWith('.js')) scripts.add(path.split('/').pop()!);
    });
    await page.goto(world.url('/'));
    const signInStarted = performance.now();
    await signInWithForm(page, 'bench-rider', PASSWORD);
    await riderReady(page);
    const signInToRider = performance.now() - signInStarted;
    const riderPageBytes = [...scripts].reduce((n, f) => n + weight.gz(f), 0);

    const loads: number[] = [];
    for (let i = 0; i < LOADS; i++) {
      const started = performance.now();
      await page.goto(world.url('/'));
      await riderReady(page);
      loads.push(performance.now() - started);
    }

    const visible: number[] = [];
    for (let i = 0; i < RIDES; i++) {
      await page.getByRole('button', { name: 'Space Needle' }).click();
      await page.getByRole('button', { name: 'Request ride' }).click();
      await page.getByText(/Status: REQUESTED/).waitFor();
      const rideId = await currentRideId(page, dispatcher);
      await page.evaluate((name) => {
        const w = window as unknown as { seenAt?: number };
        delete w.seenAt;
        const observer = new MutationObserver(() => {
          if (document.body.textContent?.includes(`${name} is on the way`)) {
            w.seenAt = Date.now();
            observer.disconnect();
          }
        });
        observer.observe(document.body, { subtree: true, childList: true, characterData: true });
      }, unicorn.name);
      const assigned = Date.now();
      await dispatchRide(dispatcher, { rideId, unicornId: unicorn.id, fare: 10 });
      await page.waitForFunction(() => (window as unknown as { seenAt?: number }).seenAt !== undefined);
      visible.push((await page.evaluate(() => (window as unknown as { seenAt: number }).seenAt)) - assigned);
      await setRideStatus(dispatcher, { rideId, status: 'COMPLETED' });
      await page.getByRole('button', { name: 'Request another ride' }).click();
    }
    await context.close();

    console.log(
      [
        'Wild Rydes web app (Chromium, local cloud on this machine)',
        `  JavaScript, gzip: first page (sign-in) ${kb(weight.firstPageBytes)} in ${weight.firstPage.length} files (goal 250 KB);` +
          ` signed-in rider page ${kb(riderPageBytes)} in ${scripts.size} files; whole build ${kb(weight.allBytes)} in ${weight.all.length} files`,
        `  sign-in click to the rider page ready: ${ms(signInToRider)}`,
        `  navigation to the signed-in rider page ready (stored session): ${summary(loads)}`,
        `  assignment to the rider's page showing the unicorn: ${summary(visible)} (goal p95 300 ms)`,
      ].join('\n'),
    );
  } finally {
    admin.destroy();
    await world.close();
  }
}

/** The ride the page shows: the rider's newest ride, read as the dispatcher sees the board. */
async function currentRideId(_page: Page, dispatcher: ReturnType<typeof createClient>): Promise<string> {
  const { ridesForDispatch } = await import('../src/client/index.js');
  const { items } = await ridesForDispatch(dispatcher, { status: 'REQUESTED' });
  if (items.length !== 1) throw new Error(`expected one waiting ride, found ${items.length}`);
  return items[0]!.id;
}

main().catch((error: Error) => {
  console.error(`${error.name}: ${error.message}`);
  process.exit(1);
});
