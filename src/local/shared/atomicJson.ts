// Durable JSON files for the local services.
//
// A write goes to a temp file in the same folder, is fsynced, renamed over the
// target and the folder is fsynced, so after a crash the file holds either the
// previous or the new content, never a torn mix. Callers treat a resolved write
// as "acknowledged". writeDerivedJson is the exception: a file each start writes anew.
import { mkdirSync, promises as fs, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

export async function writeJsonAtomic(file: string, value: unknown): Promise<void> {
  await writeFileAtomic(file, JSON.stringify(value, null, 2) + '\n');
}

export async function writeFileAtomic(file: string, content: string): Promise<void> {
  const dir = path.dirname(file);
  await fs.mkdir(dir, { recursive: true });
  const tmp = tempPath(file);
  const handle = await fs.open(tmp, 'w', 0o600);
  try {
    await handle.writeFile(content, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fs.rename(tmp, file);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
  await syncDir(dir);
}

/**
 * A file a start derives from what it serves and writes again when it is lost (the client
 * configuration, the record of validated schemas): left alone when it already holds `content`, else
 * replaced through a temp file and a rename, so that a reader sees the old or the new content, never
 * a torn mix. Not flushed to disk: after a crash the next start writes it again, and the two fsyncs
 * were about 10 ms of every start. Synchronous: the start waits for it anyway, and each asynchronous
 * step queued on libuv's threads behind the store's own work (10 to 20 ms in all).
 */
export function writeDerivedJson(file: string, value: unknown): void {
  const content = JSON.stringify(value, null, 2) + '\n';
  let current: string | undefined;
  try {
    current = readFileSync(file, 'utf8');
  } catch {
    // Not written yet.
  }
  if (current === content) return;
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = tempPath(file);
  writeFileSync(tmp, content, { mode: 0o600 });
  try {
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

function tempPath(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

/** Removes temp files a crash left behind next to `file` (they never hold acknowledged data). */
export async function removeStaleTempFiles(file: string): Promise<void> {
  const dir = path.dirname(file);
  const prefix = `.${path.basename(file)}.`;
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return;
  }
  await Promise.all(names.filter((n) => n.startsWith(prefix) && n.endsWith('.tmp')).map((n) => fs.rm(path.join(dir, n), { force: true })));
}

/**
 * Returns undefined when the file does not exist; a corrupt file is an error the caller must see
 * (`invalid` makes it, from the parser's message).
 */
export async function readJsonFile<T>(
  file: string,
  invalid: (reason: string) => Error = (reason) => new Error(`${file} is not valid JSON (${reason}); fix or remove it`),
): Promise<T | undefined> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  try {
    return JSON.parse(text) as T;
  } catch (err) {
    throw invalid((err as Error).message);
  }
}

/**
 * Serialises writes of one file: concurrent requests to save are coalesced into
 * the next write, and every caller's promise resolves only once a write that
 * started after its request has reached the disk.
 */
export function createJsonWriter(file: string, snapshot: () => unknown): () => Promise<void> {
  let running: Promise<void> = Promise.resolve();
  let queued: Promise<void> | undefined;
  return () => {
    if (queued) return queued;
    const next = running
      .catch(() => undefined)
      .then(() => {
        queued = undefined;
        return writeJsonAtomic(file, snapshot());
      });
    queued = next;
    running = next;
    return next;
  };
}

/** Makes a rename in `dir` durable (best effort: some platforms cannot open folders). */
export async function syncDir(dir: string): Promise<void> {
  // Makes the rename itself durable; some platforms cannot open folders, which is fine to skip.
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(dir, 'r');
    await handle.sync();
  } catch {
    // best effort
  } finally {
    await handle?.close();
  }
}
