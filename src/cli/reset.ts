// wildrydes reset [--data-dir <dir>]
import { resolve } from 'node:path';
import { resetDataFolder, DataFolderInUseError } from '../local/data-folder.js';
import { stringOption, type Command } from './command.js';
import { CliError } from './errors.js';

export const reset: Command = {
  words: ['reset'],
  summary: "empty the local cloud's user pool and tables (its certificate authority is kept)",
  usage: `wildrydes reset [--data-dir <dir>]

Deletes the local cloud's users (the pool starts afresh: new pool and app client ids, new signing
keys) and every table's items. The certificate authority (tls/) is kept, so browsers and tools that
trust it keep trusting it. The local cloud must not be running (npm start -- --reset resets at start).

  --data-dir <dir>   the data folder (default amplify/mock-data, or WILDRYDES_DATA_DIR)`,
  options: { 'data-dir': { type: 'string' } },
  positionals: { names: [], min: 0 },
  async run({ values }, io) {
    const dataDir = resolve(io.cwd, stringOption(values, 'data-dir') ?? io.env.WILDRYDES_DATA_DIR ?? 'amplify/mock-data');
    try {
      const { removed, kept } = resetDataFolder(dataDir);
      io.out(removed.length ? `Removed ${removed.join(', ')}` : `Nothing to reset in ${dataDir}`);
      if (kept.length) io.out(`Kept the certificate authority in ${kept.join(', ')}`);
    } catch (error) {
      if (error instanceof DataFolderInUseError) throw new CliError(error.message);
      throw error;
    }
  },
};
