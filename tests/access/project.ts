import { join } from 'node:path';
import type { CompiledApi } from '../../src/compiler/transform.js';
import { compiledApi } from '../support/local-cloud.js';

export const projectRoot = join(import.meta.dirname, '..', '..');

/** The project's API as `npm run compile` builds it, compiled in memory. */
export function projectApi(): CompiledApi {
  return compiledApi(projectRoot);
}
