// Once per test run, before any test file: the repository's API compiled a single time and shared
// by path with every test file and the processes they start (see shared-compile.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAmplifyApiProject } from '../../src/compiler/amplify-project.js';
import { compileApi } from '../../src/compiler/transform.js';
import { SHARED_COMPILE_ENV, writeSharedCompile } from './shared-compile.js';

const projectRoot = join(import.meta.dirname, '..', '..');

export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'wildrydes-test-run-'));
  process.env[SHARED_COMPILE_ENV] = writeSharedCompile(dir, projectRoot, compileApi(loadAmplifyApiProject(projectRoot)));
  return () => {
    delete process.env[SHARED_COMPILE_ENV];
    rmSync(dir, { recursive: true, force: true });
  };
}
