// Whether the API's build folder is older than what it is compiled from, so that `npm start` can
// compile first (as `amplify mock` does) instead of serving stale resolvers.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The inputs of `amplify api gql-compile` that are newer than the build, or why the build is unusable. */
export function staleBuildReasons(projectRoot: string, apiName: string): string[] {
  const apiDir = join(projectRoot, 'amplify', 'backend', 'api', apiName);
  const marker = join(apiDir, 'build', 'cloudformation-template.json');
  if (!existsSync(marker)) return [`${join('amplify', 'backend', 'api', apiName, 'build')} does not exist yet`];
  const builtAt = statSync(marker).mtimeMs;
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
  return [...inputs, ...folders]
    .filter((path) => existsSync(path) && statSync(path).mtimeMs > builtAt)
    .map((path) => `${path.slice(projectRoot.length + 1)} changed since the last compile`);
}

function filesIn(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).map((name) => join(dir, name)) : [];
}
