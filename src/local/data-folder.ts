// The local cloud's data folder (amplify/mock-data): one running cloud at a time, and a reset that
// empties the pool and the tables but keeps the certificate authority, so that browsers and tools
// that trust it keep trusting it.
import { existsSync, readFileSync, rmSync, unlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const LOCK_FILE = 'in-use.pid';
/** What a reset removes: the user pool's state and the embedded DynamoDB's tables. */
export const RESET_FOLDERS = ['cognito', 'dynamodb'] as const;

export class DataFolderInUseError extends Error {
  override name = 'DataFolderInUseError';
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `${dataDir} is in use by another local cloud (process ${pid}). Stop that one (Ctrl-C in its terminal), ` +
        `or start this one on another folder (--data-dir <dir>) or with nothing kept (--in-memory).`,
    );
  }
}

// Folders this process's own clouds hold (the pid file cannot tell them apart from a stale one).
const lockedHere = new Set<string>();

function holder(dataDir: string): number | undefined {
  if (lockedHere.has(resolve(dataDir))) return process.pid;
  try {
    const pid = Number(readFileSync(join(dataDir, LOCK_FILE), 'utf8').trim());
    if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return undefined;
    process.kill(pid, 0);
    return exited(pid) ? undefined : pid;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else; it still holds the folder.
    if ((error as NodeJS.ErrnoException).code === 'EPERM') return Number(readFileSync(join(dataDir, LOCK_FILE), 'utf8').trim());
    return undefined;
  }
}

// A cloud killed with kill -9 stays in the process table as a zombie until its parent, or init,
// collects it, and signal 0 still reaches a zombie: on Linux its state in /proc tells.
function exited(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return /^[ZX]/.test(stat.slice(stat.lastIndexOf(')') + 2));
  } catch {
    return false;
  }
}

/** Marks the folder as used by this process; throws DataFolderInUseError while another live one uses it. */
export function lockDataFolder(dataDir: string): { release(): void } {
  mkdirSync(dataDir, { recursive: true });
  const other = holder(dataDir);
  if (other !== undefined) throw new DataFolderInUseError(dataDir, other);
  const file = join(dataDir, LOCK_FILE);
  writeFileSync(file, `${process.pid}\n`);
  lockedHere.add(resolve(dataDir));
  return {
    release() {
      lockedHere.delete(resolve(dataDir));
      try {
        if (readFileSync(file, 'utf8').trim() === String(process.pid)) unlinkSync(file);
      } catch {
        // Already gone: nothing to release.
      }
    },
  };
}

/** Empties the pool and the tables of a data folder that no running cloud uses; the CA (tls/) stays. */
export function resetDataFolder(dataDir: string): { removed: string[]; kept: string[] } {
  const other = holder(dataDir);
  if (other !== undefined) throw new DataFolderInUseError(dataDir, other);
  const removed = RESET_FOLDERS.filter((name) => existsSync(join(dataDir, name)));
  for (const name of removed) rmSync(join(dataDir, name), { recursive: true, force: true });
  return { removed: removed.map((name) => join(dataDir, name)), kept: existsSync(join(dataDir, 'tls')) ? [join(dataDir, 'tls')] : [] };
}
