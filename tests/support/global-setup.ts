// Once per test run, before any test file: the run's folder (for work done once and shared by path,
// once-per-run.ts), and in it the repository's API compiled a single time (shared-compile.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAmplifyApiProject } from '../../src/compiler/amplify-project.js';
import { compileApi } from '../../src/compiler/transform.js';
import { RUN_DIR_ENV } from './once-per-run.js';
import { SHARED_COMPILE_ENV, writeSharedCompile } from './shared-compile.js';

const projectRoot = join(import.meta.dirname, '..', '..');

export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'wildrydes-test-run-'));
  process.env[RUN_DIR_ENV] = dir;
  process.env[SHARED_COMPILE_ENV] = writeSharedCompile(dir, projectRoot, compileApi(loadAmplifyApiProject(projectRoot)));
  return () => {
    delete process.env[SHARED_COMPILE_ENV];
    delete process.env[RUN_DIR_ENV];
    rmSync(dir, { recursive: true, force: true });
  };
}
