import { execFile } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, relative, sep } from 'node:path';
import { promisify } from 'node:util';
import { ensureAmplifyCli, runAmplifyCli, type AmplifyCli } from './amplify-cli.js';

/**
 * `npm run compile -- --against-cli`: the Amplify CLI's own `amplify api gql-compile` of the same
 * amplify/ folder, compared with the project's build folder file for file (schema, resolver
 * templates, stacks, root template, parameters).
 */

export interface BuildDifference {
  /** Relative to the API's build folder, with forward slashes. */
  path: string;
  kind: 'only in the CLI build' | 'only in the project build' | 'differs';
  /** For `differs`: the first lines that differ, CLI first. */
  detail?: string;
}

export interface ApiComparison {
  api: string;
  /** Files in either build. */
  files: number;
  differences: BuildDifference[];
}

/** What the CLI must not see: the Amplify CLI's own ignore block (local state, builds, mock data). */
function isIgnored(path: string): boolean {
  const name = basename(path);
  return (
    name === 'build' ||
    name === 'mock-data' ||
    name === 'mock-api-resources' ||
    name === 'logs' ||
    name === '#current-cloud-backend' ||
    name === '.temp' ||
    name === 'amplify-meta.json' ||
    (name.startsWith('local-') && basename(join(path, '..')) === '.config')
  );
}

/**
 * Compiles a copy of `projectRoot`'s amplify/ folder with the CLI and compares each API's build
 * folder with the project's (which the caller has just compiled). The copy lives in a temporary
 * folder; the project is not touched.
 */
export async function compareWithAmplifyCli(projectRoot: string, options: { cli?: AmplifyCli } = {}): Promise<ApiComparison[]> {
  const cli = options.cli ?? (await ensureAmplifyCli());
  const work = await mkdtemp(join(tmpdir(), 'wildrydes-cli-compile-'));
  try {
    await cp(join(projectRoot, 'amplify'), join(work, 'amplify'), { recursive: true, filter: (source) => !isIgnored(source) });
    // The CLI looks for the project's root as a VCS root, as in a clone.
    await promisify(execFile)('git', ['init', '-q', '.'], { cwd: work });
    await runAmplifyCli(cli, ['api', 'gql-compile'], { cwd: work });
    const apis = await readdir(join(work, 'amplify', 'backend', 'api'));
    const comparisons: ApiComparison[] = [];
    for (const api of apis.sort()) {
      const theirs = join(work, 'amplify', 'backend', 'api', api, 'build');
      const ours = join(projectRoot, 'amplify', 'backend', 'api', api, 'build');
      comparisons.push({ api, ...(await compareFolders(theirs, ours)) });
    }
    return comparisons;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** Every file of two folders, compared byte for byte. */
export async function compareFolders(cliBuild: string, projectBuild: string): Promise<{ files: number; differences: BuildDifference[] }> {
  const [theirs, ours] = await Promise.all([listFiles(cliBuild), listFiles(projectBuild)]);
  const all = [...new Set([...theirs, ...ours])].sort();
  const differences: BuildDifference[] = [];
  for (const path of all) {
    if (!ours.has(path)) differences.push({ path, kind: 'only in the CLI build' });
    else if (!theirs.has(path)) differences.push({ path, kind: 'only in the project build' });
    else {
      const [a, b] = await Promise.all([readFile(join(cliBuild, path)), readFile(join(projectBuild, path))]);
      if (!a.equals(b)) differences.push({ path, kind: 'differs', detail: firstDifferingLines(a.toString('utf8'), b.toString('utf8')) });
    }
  }
  return { files: all.length, differences };
}

async function listFiles(dir: string): Promise<Set<string>> {
  try {
    const entries = await readdir(dir, { recursive: true, withFileTypes: true });
    return new Set(entries.filter((entry) => entry.isFile()).map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/')));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Set();
    throw error;
  }
}

/** The first few lines where two texts differ, line by line (enough to see what changed). */
function firstDifferingLines(cli: string, project: string, limit = 3): string {
  const a = cli.split('\n');
  const b = project.split('\n');
  const out: string[] = [];
  for (let i = 0; i < Math.max(a.length, b.length) && out.length < limit * 2; i++) {
    if (a[i] === b[i]) continue;
    out.push(`  line ${i + 1} CLI:     ${clip(a[i])}`, `  line ${i + 1} project: ${clip(b[i])}`);
  }
  if (a.length !== b.length) out.push(`  ${a.length} lines in the CLI's, ${b.length} in the project's`);
  if (out.length === 0) out.push('  (same lines; line endings or a final newline differ)');
  return out.join('\n');
}

function clip(line: string | undefined): string {
  if (line === undefined) return '(no line)';
  return line.length > 160 ? `${line.slice(0, 160)}...` : line;
}
