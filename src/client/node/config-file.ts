import { readFile } from 'node:fs/promises';
import { ConfigurationError } from '../errors.js';

/** Where `npm start` (the local cloud) writes the client configuration, relative to the project root. */
export const LOCAL_CLIENT_CONFIG = 'amplify/mock-data/client-config.json';

/**
 * Reads a client configuration file: the local cloud's client-config.json or a deployed backend's
 * amplifyconfiguration.json. Give the result to createClient().
 */
export async function readClientConfig(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new ConfigurationError(
        `${path} does not exist: start the local cloud with \`npm start\` (it writes ${LOCAL_CLIENT_CONFIG}), ` +
          'or give the path of a deployed backend\'s amplifyconfiguration.json',
        { cause: error },
      );
    }
    throw new ConfigurationError(`${path} could not be read: ${(error as Error).message}`, { cause: error });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ConfigurationError(`${path} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
}
