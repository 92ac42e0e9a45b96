// The auth stacks the Amplify CLI generates from amplify/backend/auth (`amplify build`), kept as a
// committed snapshot in tests/fixtures/amplify-cli-auth/. The local user pool reads cli-inputs.json;
// a test compares what it derives with this snapshot, and the snapshot's parameters with
// cli-inputs.json, so a change through `amplify update auth` fails until the snapshot is remade:
//
//   npm run snapshot:auth            regenerate the snapshot with the pinned CLI
//   npm run snapshot:auth -- --check fail when the snapshot differs from what the CLI generates now
//
// The CLI (about 1.4 GB) is installed on first use into a cache outside the repository
// (src/compiler/amplify-cli.ts); `npm test` needs only the snapshot.
import { cp, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureAmplifyCli, runAmplifyCli } from './amplify-cli.js';

export const AUTH_SNAPSHOT_DIR = path.join('tests', 'fixtures', 'amplify-cli-auth');

/** File path (relative to the snapshot folder, `<resource>/<file>`) to its JSON text. */
export type AuthStackFiles = Map<string, string>;

/**
 * Runs the pinned CLI's `amplify build` on a scratch copy of the project and returns the auth
 * resources' build files. `amplify build` runs offline once the project looks initialised: an
 * environment in team-provider-info.json, `providers.awscloudformation` in amplify-meta.json and a
 * #current-cloud-backend folder. The ids in them are placeholders; nothing reaches AWS.
 */
export async function buildAuthStacksWithCli(projectRoot: string): Promise<AuthStackFiles> {
  const cli = await ensureAmplifyCli();
  const work = await mkdtemp(path.join(tmpdir(), 'wildrydes-auth-build-'));
  try {
    await cp(path.join(projectRoot, 'amplify'), path.join(work, 'amplify'), {
      recursive: true,
      filter: (source) => !/[\\/](build|mock-data|#current-cloud-backend)$/.test(source),
    });
    await fakeInitialisedEnvironment(work);
    await runAmplifyCli(cli, ['build'], { cwd: work });
    const files: AuthStackFiles = new Map();
    const authDir = path.join(work, 'amplify', 'backend', 'auth');
    for (const resource of (await readdir(authDir)).sort()) {
      const buildDir = path.join(authDir, resource, 'build');
      const names = await readdir(buildDir).catch(() => [] as string[]);
      for (const name of names.filter((n) => n.endsWith('.json')).sort()) {
        files.set(`${resource}/${name}`, await readFile(path.join(buildDir, name), 'utf8'));
      }
    }
    if (files.size === 0) throw new Error('`amplify build` wrote no auth stack; is there an auth resource in amplify/backend/auth?');
    return files;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function fakeInitialisedEnvironment(root: string): Promise<void> {
  const amplify = path.join(root, 'amplify');
  const provider = {
    AuthRoleName: 'amplify-wildrydes-snapshot-000000-authRole',
    UnauthRoleName: 'amplify-wildrydes-snapshot-000000-unauthRole',
    AuthRoleArn: 'arn:aws:iam::123456789012:role/amplify-wildrydes-snapshot-000000-authRole',
    UnauthRoleArn: 'arn:aws:iam::123456789012:role/amplify-wildrydes-snapshot-000000-unauthRole',
    Region: 'us-east-1',
    DeploymentBucketName: 'amplify-wildrydes-snapshot-000000-deployment',
    StackName: 'amplify-wildrydes-snapshot-000000',
    StackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/amplify-wildrydes-snapshot-000000/00000000-0000-0000-0000-000000000000',
  };
  const backendConfig = JSON.parse(await readFile(path.join(amplify, 'backend', 'backend-config.json'), 'utf8')) as Record<string, unknown>;
  await writeFile(path.join(amplify, 'team-provider-info.json'), JSON.stringify({ snapshot: { awscloudformation: provider } }));
  await mkdir(path.join(amplify, '.config'), { recursive: true });
  await writeFile(path.join(amplify, '.config', 'local-env-info.json'), JSON.stringify({ envName: 'snapshot', projectPath: root, defaultEditor: 'code' }));
  await writeFile(path.join(amplify, '.config', 'local-aws-info.json'), JSON.stringify({ snapshot: { configLevel: 'project', useProfile: false } }));
  await writeFile(path.join(amplify, 'backend', 'amplify-meta.json'), JSON.stringify({ providers: { awscloudformation: provider }, ...backendConfig }));
  const current = path.join(amplify, '#current-cloud-backend');
  await mkdir(current, { recursive: true });
  await writeFile(path.join(current, 'backend-config.json'), JSON.stringify(backendConfig));
  await writeFile(path.join(current, 'amplify-meta.json'), JSON.stringify({ providers: {} }));
  // The CLI looks for a git repository to place its ignore file.
  await mkdir(path.join(root, '.git'), { recursive: true });
}

export async function readAuthSnapshot(projectRoot: string): Promise<AuthStackFiles> {
  const dir = path.join(projectRoot, AUTH_SNAPSHOT_DIR);
  const files: AuthStackFiles = new Map();
  for (const resource of (await readdir(dir, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort()) {
    for (const name of (await readdir(path.join(dir, resource))).filter((n) => n.endsWith('.json')).sort()) {
      files.set(`${resource}/${name}`, await readFile(path.join(dir, resource, name), 'utf8'));
    }
  }
  return files;
}

/** The names of the files that differ between two sets, with the reason. */
export function snapshotDifferences(expected: AuthStackFiles, actual: AuthStackFiles): string[] {
  const out: string[] = [];
  for (const [name, text] of expected) {
    if (!actual.has(name)) out.push(`${name}: missing from the snapshot`);
    else if (JSON.stringify(JSON.parse(text)) !== JSON.stringify(JSON.parse(actual.get(name)!))) out.push(`${name}: differs`);
  }
  for (const name of actual.keys()) if (!expected.has(name)) out.push(`${name}: in the snapshot, not generated by the CLI`);
  return out;
}

async function main(argv: string[]): Promise<number> {
  const projectRoot = process.cwd();
  const check = argv.includes('--check');
  const generated = await buildAuthStacksWithCli(projectRoot);
  if (check) {
    const differences = snapshotDifferences(generated, await readAuthSnapshot(projectRoot).catch(() => new Map()));
    for (const line of differences) console.log(line);
    console.log(differences.length === 0 ? `${AUTH_SNAPSHOT_DIR}: identical to what the CLI generates` : 'run `npm run snapshot:auth` and commit the result');
    return differences.length === 0 ? 0 : 1;
  }
  const dir = path.join(projectRoot, AUTH_SNAPSHOT_DIR);
  await rm(dir, { recursive: true, force: true });
  for (const [name, text] of generated) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), text.endsWith('\n') ? text : `${text}\n`);
  }
  console.log(`wrote ${generated.size} files to ${AUTH_SNAPSHOT_DIR}`);
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then((code) => process.exit(code), (error: unknown) => {
    console.error(error instanceof Error ? `${error.name}: ${error.message}${'output' in error ? `\n${String(error.output)}` : ''}` : error);
    process.exit(2);
  });
}
