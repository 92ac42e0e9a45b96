// examples/demo.ts (`npm run demo`) end to end against the local cloud: each step happens and the
// access rules show as the demo says they do.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runDemo } from '../../../examples/demo.js';
import { startClientTestCloud, type ClientTestCloud } from './local-cloud.js';

let t: ClientTestCloud;

beforeAll(async () => {
  t = await startClientTestCloud();
});

afterAll(async () => {
  await t?.stop();
});

it('runs the Wild Rydes story through the SDK', async () => {
  const lines: string[] = [];
  await runDemo({ config: t.cloud.config, caCertPem: t.cloud.caCertPem, print: (line) => lines.push(line) });
  const output = lines.join('\n');
  expect(output).toMatch(/rider-\w+ is confirmed and signed in/);
  expect(output).toMatch(/ride [\w-]+: REQUESTED, owner rider-\w+, passengers passenger-\w+/);
  expect(output).toMatch(/live update: ride is DISPATCHED, unicorn [\w-]+, fare 12.5/);
  expect(output).toMatch(/the ride as the rider reads it: DISPATCHED, Shadowfax the white unicorn, fare 12.5/);
  expect(output).toMatch(/DISPATCHED, Shadowfax is coming for rider-\w+ and passenger-\w+/);
  expect(output).toMatch(/refused: NotAuthorizedError \(Unauthorized\)/);
  expect(output).toMatch(/dispatcher reads: "meet at the north gate"/);
  expect(output).not.toContain('UNEXPECTED');
});
