import { createHash } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AmplifyApiProject } from './amplify-project.js';
import type { CompiledApi } from './transform.js';

/**
 * Writes the compiled API where `amplify api gql-compile` writes it:
 * amplify/backend/api/<api>/build/{schema.graphql, resolvers/, stacks/, cloudformation-template.json, parameters.json}.
 * The folder is emptied first so that a removed model leaves no stale template behind.
 */
export function buildDir(project: AmplifyApiProject): string {
  return join(project.apiDir, 'build');
}

export function writeBuildFolder(project: AmplifyApiProject, compiled: CompiledApi): string {
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
  // The CLI's deployment root key is a hash of the resource folder; the bucket is known only after a push.
  const rootKeyHash = createHash('sha256').update(project.schema).update(JSON.stringify(project.resolverFiles)).digest('hex').slice(0, 40);
  const parameters = { ...project.parameters, S3DeploymentBucket: '', S3DeploymentRootKey: `amplify-appsync-files/${rootKeyHash}` };
  writeFileSync(join(dir, 'parameters.json'), JSON.stringify(parameters, null, 4));
  return dir;
}
