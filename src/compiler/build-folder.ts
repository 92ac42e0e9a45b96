import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hashElement } from 'folder-hash';
import type { AmplifyApiProject } from './amplify-project.js';
import type { CompiledApi } from './transform.js';

/**
 * Writes the compiled API where `amplify api gql-compile` writes it:
 * amplify/backend/api/<api>/build/{schema.graphql, resolvers/, stacks/, cloudformation-template.json, parameters.json}.
 * The folder is emptied first so that a removed model leaves no stale template behind.
 */
function buildDir(project: AmplifyApiProject): string {
  return join(project.apiDir, 'build');
}

export async function writeBuildFolder(project: AmplifyApiProject, compiled: CompiledApi): Promise<string> {
  const rootKey = await deploymentRootKey(project);
  const dir = buildDir(project);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'resolvers'), { recursive: true });
  mkdirSync(join(dir, 'stacks'), { recursive: true });
  mkdirSync(join(dir, 'functions'), { recursive: true });
  writeFileSync(join(dir, 'schema.graphql'), compiled.schema);
  for (const [name, template] of Object.entries(compiled.resolvers)) writeFileSync(join(dir, 'resolvers', name), template);
  for (const [name, template] of Object.entries(compiled.stacks)) {
    writeFileSync(join(dir, 'stacks', name), JSON.stringify(template, null, 2));
  }
  writeFileSync(join(dir, 'cloudformation-template.json'), JSON.stringify(compiled.rootStack, null, 4));
  // The bucket is known only after a push (the CLI leaves it empty too).
  const parameters = { ...project.parameters, S3DeploymentBucket: '', S3DeploymentRootKey: rootKey };
  writeFileSync(join(dir, 'parameters.json'), JSON.stringify(parameters, null, 4));
  return dir;
}

/**
 * Where a push uploads the templates: the CLI names the folder by a hash of the API's resource
 * folder without build/, computed with folder-hash as the CLI computes it.
 */
export async function deploymentRootKey(project: Pick<AmplifyApiProject, 'apiDir'>): Promise<string> {
  const { hash } = await hashElement(project.apiDir, { encoding: 'hex', folders: { exclude: ['build'] } });
  return `amplify-appsync-files/${hash}`;
}
