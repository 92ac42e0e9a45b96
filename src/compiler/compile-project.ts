import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadAmplifyApiProject } from './amplify-project.js';
import { AWS_PRELUDE } from './aws-prelude.js';
import { writeBuildFolder } from './build-folder.js';
import { compileApi, type CompiledApi } from './transform.js';

/** The committed artifacts of a compile, relative to the project root, with their contents. */
export function committedArtifacts(compiled: CompiledApi): Record<string, string> {
  return {
    'graphql/schema.graphql': compiled.schema,
    'graphql/aws.graphql': AWS_PRELUDE,
  };
}

/** `npm run compile`: the build folder as the CLI writes it, and the committed schema beside the operations. */
export async function compileProject(projectRoot: string): Promise<{ compiled: CompiledApi; buildDir: string }> {
  const project = loadAmplifyApiProject(projectRoot);
  const compiled = compileApi(project);
  const dir = await writeBuildFolder(project, compiled);
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
