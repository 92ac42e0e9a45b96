// One local cloud per data folder, and `wildrydes reset`: the pool and the tables go, the CA stays.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataFolderInUseError, LOCK_FILE, lockDataFolder } from '../../src/local/data-folder.js';
import { run } from '../cli/helpers.js';
import { startCloudOnFreePorts } from '../support/local-cloud.js';

const projectRoot = new URL('../..', import.meta.url).pathname;

describe('the data folder', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('refuses a second cloud on a folder in use, and reset empties pool and tables but keeps the CA', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'wildrydes-data-'));
    dirs.push(dataDir);
    const first = await startCloudOnFreePorts({ projectRoot, dataDir });
    let caBefore: string;
    try {
      await first.cognito.admin('AdminCreateUser', { Username: 'kept', MessageAction: 'SUPPRESS', UserAttributes: [{ Name: 'email', Value: 'k@example.com' }] });
      await expect(startCloudOnFreePorts({ projectRoot, dataDir })).rejects.toThrow(DataFolderInUseError);
      const inUse = await run(dataDir, 'reset', '--data-dir', dataDir);
      expect(inUse.code).toBe(1);
      expect(inUse.stderr).toMatch(/in use by another local cloud/);
      caBefore = await readFile(join(dataDir, 'tls', 'ca.pem'), 'utf8');
    } finally {
      await first.close();
    }

    const again = await startCloudOnFreePorts({ projectRoot, dataDir });
    expect(again.cognito.users().map((u) => u.username)).toEqual(['kept']);
    await again.close();

    const reset = await run(dataDir, 'reset', '--data-dir', dataDir);
    expect(reset.code).toBe(0);
    expect(reset.stdout).toMatch(/Kept the certificate authority/);
    expect(existsSync(join(dataDir, 'cognito'))).toBe(false);
    expect(existsSync(join(dataDir, 'dynamodb'))).toBe(false);

    const fresh = await startCloudOnFreePorts({ projectRoot, dataDir });
    try {
      expect(fresh.cognito.users()).toEqual([]);
      expect(fresh.caCertPem).toBe(caBefore);
      expect(await readFile(join(dataDir, 'tls', 'ca.pem'), 'utf8')).toBe(caBefore);
    } finally {
      await fresh.close();
    }
  });

  it.skipIf(process.platform !== 'linux')('takes over a folder whose holder was killed and is a zombie not yet collected', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'wildrydes-data-'));
    dirs.push(dataDir);
    // sh prints the pid of a child, then becomes a sleep that never collects it; the child exits only once
    // sh has become that sleep (sh itself may collect a child that ends earlier).
    const script = '( while [ "$(cat /proc/$$/comm)" != sleep ]; do sleep 0.01; done ) & echo $!; exec sleep 30';
    const parent = spawn('sh', ['-c', script], { stdio: ['ignore', 'pipe', 'ignore'] });
    try {
      const pid = Number((await new Promise<Buffer>((resolve) => parent.stdout.once('data', resolve))).toString().trim());
      await expect.poll(async () => (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]?.[0], { timeout: 10_000 }).toBe('Z');
      writeFileSync(join(dataDir, LOCK_FILE), `${pid}\n`);
      const lock = lockDataFolder(dataDir);
      expect(await readFile(join(dataDir, LOCK_FILE), 'utf8')).toBe(`${process.pid}\n`);
      lock.release();
    } finally {
      parent.kill('SIGKILL');
    }
  });
});
