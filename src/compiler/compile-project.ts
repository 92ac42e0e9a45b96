import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadAmplifyApiProject, type AmplifyApiProject } from './amplify-project.js';
import { AWS_PRELUDE } from './aws-prelude.js';
import { buildDir, writeBuildFolder } from './build-folder.js';
import { compileApi, type CompiledApi } from './transform.js';

/** The committed artifacts of a compile, relative to the project root, with their contents. */
export function committedArtifacts(compiled: CompiledApi): Record<string, string> {
  return {
    'graphql/schema.graphql': compiled.schema,
    'graphql/aws.graphql': AWS_PRELUDE,
  };
}

/** `npm run compile`: the build folder as the CLI writes it, and the committed schema beside the operations. */
export function compileProject(projectRoot: string): { compiled: CompiledApi; buildDir: string } {
  const project = loadAmplifyApiProject(projectRoot);
  const compiled = compileApi(project);
  const dir = writeBuildFolder(project, compiled);
  mkdirSync(join(projectRoot, 'graphql'), { recursive: true });
  for (const [path, content] of Object.entries(committedArtifacts(compiled))) writeFileSync(join(projectRoot, path), content);
  return { compiled, buildDir: dir };
}

/** The committed artifacts that differ from a fresh compile (empty when they are up to date). */
export function staleArtifacts(projectRoot: string): string[] {
  const compiled = compileApi(loadAmplifyApiProject(projectRoot));
  return Object.entries(committedArtifacts(compiled))
    .filter(([path, content]) => {
      try {
        return readFileSync(join(projectRoot, path), 'utf8') !== content;
      } catch {
        return true;
      }
    })
    .map(([path]) => path);
}

/** The files a compile reads, so that a change to any of them makes the build stale. */
function sourceFiles(project: AmplifyApiProject): string[] {
  const amplify = join(project.projectRoot, 'amplify');
  const inApi = ['schema.graphql', 'schema', 'parameters.json', 'transform.conf.json', 'resolvers', 'stacks'].map((name) => join(project.apiDir, name));
  return [join(amplify, 'cli.json'), join(amplify, 'backend', 'backend-config.json'), ...inApi].flatMap((path) => {
    if (!existsSync(path)) return [];
    return statSync(path).isDirectory() ? readdirSync(path).map((name) => join(path, name)) : [path];
  });
}

/**
 * The build folder, compiled again only when a source is newer than it: what the local cloud runs.
 * Unlike `npm run compile` it leaves the committed graphql/ files alone, so a stale one still fails
 * its test instead of being silently rewritten.
 */
export function ensureBuild(projectRoot: string): { buildDir: string; compiled: boolean } {
  const project = loadAmplifyApiProject(projectRoot);
  const builtSchema = join(buildDir(project), 'schema.graphql');
  const builtAt = existsSync(builtSchema) ? statSync(builtSchema).mtimeMs : -1;
  const stale = builtAt < 0 || sourceFiles(project).some((path) => statSync(path).mtimeMs > builtAt);
  if (!stale) return { buildDir: buildDir(project), compiled: false };
  return { buildDir: writeBuildFolder(project, compileApi(project)), compiled: true };
}
