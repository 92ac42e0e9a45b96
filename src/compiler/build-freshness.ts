// Whether the API's build folder is older than what it is compiled from, so that `npm start` can
// compile first (as `amplify mock` does) instead of serving stale resolvers.
import { existsSync, readdirSync, readFileSync, statSync, utimesSync } from 'node:fs';
import { join, sep } from 'node:path';

/** The inputs of `amplify api gql-compile` that are newer than the build, or why the build is unusable. */
export function staleBuildReasons(projectRoot: string, apiName: string): string[] {
  const apiDir = join(projectRoot, 'amplify', 'backend', 'api', apiName);
  if (!existsSync(buildMarker(apiDir))) return [`${join('amplify', 'backend', 'api', apiName, 'build')} does not exist yet`];
  return newerInputs(projectRoot, apiDir).map((path) => `${path.slice(projectRoot.length + 1)} changed since the last compile`);
}

/** The build's file whose time is the build's. */
function buildMarker(apiDir: string): string {
  return join(apiDir, 'build', 'cloudformation-template.json');
}

function newerInputs(projectRoot: string, apiDir: string): string[] {
  const builtAt = statSync(buildMarker(apiDir)).mtimeMs;
  const inputs = [
    join(projectRoot, 'amplify', 'cli.json'),
    join(projectRoot, 'amplify', 'backend', 'backend-config.json'),
    join(apiDir, 'schema.graphql'),
    join(apiDir, 'parameters.json'),
    join(apiDir, 'transform.conf.json'),
    join(apiDir, 'cli-inputs.json'),
    ...filesIn(join(apiDir, 'schema')),
    ...filesIn(join(apiDir, 'resolvers')),
    ...filesIn(join(apiDir, 'stacks')),
  ];
  // A folder's own time changes when a file in it is removed.
  const folders = ['schema', 'resolvers', 'stacks'].map((name) => join(apiDir, name));
  return [...inputs, ...folders].filter((path) => existsSync(path) && statSync(path).mtimeMs > builtAt);
}

function filesIn(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).map((name) => join(dir, name)) : [];
}

/**
 * staleBuildReasons(), less the files whose content the build already reflects: a checkout, a
 * `git stash` or an editor's save without changes makes a source newer without changing it, and a
 * compile takes seconds (and loads the transformer). The build's parameters.json holds a hash of the
 * API's folder (S3DeploymentRootKey, as the CLI names it); when it still matches, the build's time
 * is brought forward so that the next start takes the quick path again. Files outside the API's
 * folder (amplify/cli.json, backend-config.json) are not in that hash: a change there compiles.
 */
export async function staleBuildReasonsByContent(projectRoot: string, apiName: string): Promise<string[]> {
  const reasons = staleBuildReasons(projectRoot, apiName);
  const apiDir = join(projectRoot, 'amplify', 'backend', 'api', apiName);
  if (reasons.length === 0 || !existsSync(buildMarker(apiDir))) return reasons;
  const newer = newerInputs(projectRoot, apiDir);
  if (!newer.every((path) => path.startsWith(`${apiDir}${sep}`))) return reasons;
  let built: unknown;
  try {
    built = (JSON.parse(readFileSync(join(apiDir, 'build', 'parameters.json'), 'utf8')) as { S3DeploymentRootKey?: unknown }).S3DeploymentRootKey;
  } catch {
    return reasons;
  }
  // Loaded only here: folder-hash is not needed when the times already say the build is current.
  const { deploymentRootKey } = await import('./build-folder.js');
  if (built !== (await deploymentRootKey({ apiDir }))) return reasons;
  // Whole milliseconds, rounded up: file times can be finer than a Date.
  const at = new Date(Math.ceil(Math.max(Date.now(), ...newer.map((path) => statSync(path).mtimeMs))));
  utimesSync(buildMarker(apiDir), at, at);
  return [];
}
