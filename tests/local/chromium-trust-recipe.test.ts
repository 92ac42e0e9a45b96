// The README's recipe for Chromium on Linux (src/local/appsync/README.md): certutil from libnss3-tools
// makes a fresh profile's NSS store and adds the local CA to it. The commands are run exactly as the
// README writes them, with HOME pointing at an empty folder (a fresh profile) and a CA the local TLS
// code made; the store must then list the CA as a trusted authority. Without certutil there is
// nothing to run: the test is skipped and says how to get it.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOrCreateTls } from '../../src/local/tls/certificate-authority.js';
import { projectRoot, tempDir } from './helpers.js';

const certutil = spawnSync('certutil', ['-H'], { stdio: 'ignore' }).error === undefined;

// The recipe's commands, as the README writes them ($HOME and the CA's path substituted by the shell).
const MAKE_STORE = 'mkdir -p $HOME/.pki/nssdb && certutil -d sql:$HOME/.pki/nssdb -N --empty-password';
const LIST = 'certutil -d sql:$HOME/.pki/nssdb -L';
const ADD_CA = 'certutil -d sql:$HOME/.pki/nssdb -A -t "C,," -n wildrydes-local -i amplify/mock-data/tls/ca.pem';

describe.skipIf(!certutil)('the README recipe that makes Chromium on Linux trust the local CA (needs certutil: apt-get install libnss3-tools)', () => {
  let home: Awaited<ReturnType<typeof tempDir>>;
  let project: Awaited<ReturnType<typeof tempDir>>;

  beforeAll(async () => {
    home = await tempDir('nss-home-');
    // A folder laid out as a project: the recipe names the CA by its path in amplify/mock-data/tls/.
    project = await tempDir('nss-project-');
    await mkdir(join(project.dir, 'amplify', 'mock-data'), { recursive: true });
    await loadOrCreateTls({ dir: join(project.dir, 'amplify', 'mock-data', 'tls'), hosts: ['127.0.0.1'], log: () => {} });
  });
  afterAll(async () => {
    await home?.remove();
    await project?.remove();
  });

  const shell = (command: string) =>
    spawnSync('sh', ['-c', command], { cwd: project.dir, env: { ...process.env, HOME: home.dir }, encoding: 'utf8' });

  it('is the recipe the README gives', () => {
    const readme = readFileSync(join(projectRoot, 'src', 'local', 'appsync', 'README.md'), 'utf8').replace(/\s+/g, ' ');
    for (const command of [MAKE_STORE, LIST, ADD_CA]) expect(readme).toContain(`\`${command}\``);
  });

  it('makes the store of a fresh profile and lists the CA as a trusted authority', () => {
    // A fresh profile has no store: listing fails, which is why the recipe makes one first.
    expect(shell(LIST).status).not.toBe(0);
    const made = shell(MAKE_STORE);
    expect(made.stderr).toBe('');
    expect(made.status).toBe(0);
    // Made, and still empty.
    expect(shell(LIST).stdout).not.toContain('wildrydes-local');
    const added = shell(ADD_CA);
    expect(added.stderr).toBe('');
    expect(added.status).toBe(0);
    const listed = shell(LIST);
    expect(listed.status).toBe(0);
    expect(listed.stdout).toMatch(/^wildrydes-local\s+C,,\s*$/m);
    // The certificate in the store is the CA's own (same DER as ca.pem).
    const exported = execFileSync('certutil', ['-d', `sql:${join(home.dir, '.pki', 'nssdb')}`, '-L', '-n', 'wildrydes-local', '-a'], { encoding: 'utf8' });
    const der = (pem: string) => Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
    expect(der(exported).equals(der(readFileSync(join(project.dir, 'amplify', 'mock-data', 'tls', 'ca.pem'), 'utf8')))).toBe(true);
  });
});
