// The backend this build talks to is not baked in: it is read at start from
// /amplifyconfiguration.json, which `npm start` serves for the local cloud and the Amplify Console
// build copies from the file `amplify push` wrote. One build, any backend.
import type { ResourcesConfig } from 'aws-amplify';
import { toResourcesConfig } from '../client/config.js';

export class AppConfigurationError extends Error {
  override name = 'AppConfigurationError';
}

export async function loadConfiguration(url = '/amplifyconfiguration.json'): Promise<ResourcesConfig> {
  let response: Response;
  try {
    response = await fetch(url, { cache: 'no-cache' });
  } catch (error) {
    throw new AppConfigurationError('Wild Rydes could not reach its server. Check your connection, then reload the page.', { cause: error });
  }
  if (!response.ok) {
    throw new AppConfigurationError(
      `Wild Rydes has no backend configuration (${url} answered ${response.status}). Locally, start it with \`npm start\`; when deployed, run \`amplify push\` so that src/amplifyconfiguration.json exists before the build.`,
    );
  }
  try {
    return toResourcesConfig(await response.json());
  } catch (error) {
    throw new AppConfigurationError(`Wild Rydes' backend configuration is not usable: ${(error as Error).message}`, { cause: error });
  }
}
