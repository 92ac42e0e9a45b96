// amplify.yml's backend phase must deploy auth and the API on Amplify Console's first build of a new
// environment and on later ones. The build image's `amplifyPush` only runs `amplify init --yes`
// (after `amplify env import` for a known environment), and `amplify init` pushes only with
// --forcePush, so the phase needs its own `amplify push --yes` after it (amplify/README.md, "Deploying").
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AMPLIFY_CLI_VERSION } from '../../src/compiler/amplify-cli.js';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The commands of backend.phases.build, in order (comments dropped). */
async function backendCommands(): Promise<string[]> {
  const text = await readFile(path.join(projectRoot, 'amplify.yml'), 'utf8');
  const block = /^backend:\n(?: .*\n|\n)*/m.exec(text)?.[0] ?? '';
  const commands = /^ {4}build:\n {6}commands:\n((?: {8}.*\n)+)/m.exec(block)?.[1] ?? '';
  return commands.split('\n').map((line) => line.trim()).filter((line) => line.startsWith('- ')).map((line) => line.slice(2).replace(/^'(.*)'$/, '$1')).filter((c) => !c.startsWith('#'));
}

describe('amplify.yml backend phase', () => {
  it('initialises the environment with amplifyPush, then pushes auth and the API', async () => {
    const commands = await backendCommands();
    const init = commands.indexOf('amplifyPush --simple');
    const push = commands.indexOf('amplify push --yes');
    expect(init).toBeGreaterThanOrEqual(0);
    expect(push).toBeGreaterThan(init);
  });

  it('deploys with the CLI version the project compiles and checks against', async () => {
    const commands = await backendCommands();
    const install = commands.findIndex((c) => c.startsWith('npm install -g @aws-amplify/cli@'));
    expect(commands[install]).toContain(`@aws-amplify/cli@${AMPLIFY_CLI_VERSION} `);
    expect(install).toBeLessThan(commands.indexOf('amplifyPush --simple'));
  });
});
