// npm start's script (src/local/bundle/start.sh) run with a stand-in `node` first on PATH that prints
// what it was given: the script's own decisions (environment, flags, arguments), without a cloud.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { START_FLAGS, startEnv } from '../../src/local/bundle/heap-settings.cjs';

const REPO = join(import.meta.dirname, '..', '..');
const SCRIPT = join(REPO, 'src', 'local', 'bundle', 'start.sh');
const bin = mkdtempSync(join(tmpdir(), 'start-script-'));
afterAll(() => rmSync(bin, { recursive: true, force: true }));
writeFileSync(
  join(bin, 'node'),
  `#!/bin/sh\nprintf '%s\\n' "extra=\${NODE_EXTRA_CA_CERTS-unset}" "arena=\${MALLOC_ARENA_MAX-unset}" "tunables=\${GLIBC_TUNABLES-unset}"\nfor a in "$@"; do printf 'arg=%s\\n' "$a"; done\n`,
);
chmodSync(join(bin, 'node'), 0o755);

function run(args: string[], env: Record<string, string> = {}): { extra: string; arena: string; tunables: string; args: string[] } {
  const base: NodeJS.ProcessEnv = { ...process.env, PATH: `${bin}:${process.env.PATH}`, NODE_EXTRA_CA_CERTS: '/etc/extra-ca.pem' };
  delete base.WILDRYDES_DYNAMODB_ENDPOINT;
  delete base.GLIBC_TUNABLES;
  const out = execFileSync('sh', [SCRIPT, ...args], { env: { ...base, ...env }, encoding: 'utf8' }).trimEnd().split('\n');
  const value = (name: string) => out.find((line) => line.startsWith(`${name}=`))!.slice(name.length + 1);
  return { extra: value('extra'), arena: value('arena'), tunables: value('tunables'), args: out.filter((line) => line.startsWith('arg=')).map((line) => line.slice(4)) };
}

describe('npm start script', () => {
  it('runs start.cjs with the start-time settings and passes every argument as given', () => {
    const started = run(['--data-dir', 'a folder with spaces', '--no-web']);
    expect(started.args).toEqual([...START_FLAGS, join(REPO, 'src', 'local', 'bundle', 'start.cjs'), '--data-dir', 'a folder with spaces', '--no-web']);
    expect({ MALLOC_ARENA_MAX: started.arena, GLIBC_TUNABLES: started.tunables }).toEqual(startEnv({}));
  });

  it('adds its glibc tunable after those the environment sets, as the tests\' children get it', () => {
    const tunables = 'glibc.malloc.tcache_count=0';
    expect(run([], { GLIBC_TUNABLES: tunables }).tunables).toBe(startEnv({ GLIBC_TUNABLES: tunables }).GLIBC_TUNABLES);
    expect(run([], { GLIBC_TUNABLES: tunables }).tunables).toBe(`${tunables}:glibc.malloc.hugetlb=1`);
  });

  it('drops NODE_EXTRA_CA_CERTS when the cloud opens no TLS connection of its own', () => {
    expect(run(['--data-dir', 'x']).extra).toBe('unset');
  });

  it('keeps NODE_EXTRA_CA_CERTS for a DynamoDB endpoint given as an option or in the environment', () => {
    expect(run(['--dynamodb-endpoint', 'https://dynamodb.eu-west-1.amazonaws.com']).extra).toBe('/etc/extra-ca.pem');
    expect(run(['--dynamodb-endpoint=https://dynamodb.eu-west-1.amazonaws.com']).extra).toBe('/etc/extra-ca.pem');
    expect(run([], { WILDRYDES_DYNAMODB_ENDPOINT: 'https://dynamodb.eu-west-1.amazonaws.com' }).extra).toBe('/etc/extra-ca.pem');
  });
});
