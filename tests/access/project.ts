import { join } from 'node:path';
import { loadAmplifyApiProject } from '../../src/compiler/amplify-project.js';
import { compileApi, type CompiledApi } from '../../src/compiler/transform.js';

export const projectRoot = join(import.meta.dirname, '..', '..');

let compiled: CompiledApi | undefined;
/** The project's API as `npm run compile` builds it, compiled in memory. */
export function projectApi(): CompiledApi {
  compiled ??= compileApi(loadAmplifyApiProject(projectRoot));
  return compiled;
}
