// Which files of the API's folder (amplify/backend/api/<name>) a live reload follows, and the watching
// of them. Not one recursive watch on the whole folder: on Linux, node 20 watches a folder
// recursively by walking it and watching each file, and 140 of the folder's 160 files are the
// compiler's output under build/, which a reload never follows (about 6 ms of every start).
import { watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';

/** The API folder's subfolders that hold sources: the schema as a folder, the resolver slots, custom stacks. */
const SOURCE_FOLDERS = ['schema', 'resolvers', 'stacks'];

/** Whether a reload follows `file` (relative to the API folder, with `/`): the schema, the resolver slots, and JSON settings; never build/. */
export function isApiSource(file: string): boolean {
  return file === 'schema.graphql' || file.startsWith('schema/') || file.startsWith('resolvers/') || (file.endsWith('.json') && !file.startsWith('build/'));
}

export interface ApiSourceWatch {
  close(): void;
}

/**
 * Calls `onChange` with the path (relative to `apiDir`, with `/`) of each API source that changes:
 * the folder's own files, everything under SOURCE_FOLDERS, and one of those folders appearing or
 * going (`schema/` when the schema file becomes a folder), which is watched from then on.
 */
export function watchApiSources(apiDir: string, onChange: (file: string) => void): ApiSourceWatch {
  const folders = new Map<string, FSWatcher>();
  const report = (file: string) => {
    if (isApiSource(file)) onChange(file);
  };
  const follow = (name: string) => {
    folders.get(name)?.close();
    folders.delete(name);
    try {
      const watcher = watch(join(apiDir, name), { recursive: true }, (_event, file) => {
        if (file) report(`${name}/${file.split('\\').join('/')}`);
      });
      // A folder removed while watched: its parent's watcher reports that, and follows it again.
      watcher.on('error', () => watcher.close());
      folders.set(name, watcher);
    } catch {
      // Not there (or not a folder): its parent's watcher reports it when it appears.
    }
  };
  const top = watch(apiDir, (_event, file) => {
    if (!file) return;
    if (SOURCE_FOLDERS.includes(file)) {
      follow(file);
      onChange(`${file}/`);
      return;
    }
    report(file);
  });
  for (const name of SOURCE_FOLDERS) follow(name);
  return {
    close() {
      top.close();
      for (const watcher of folders.values()) watcher.close();
      folders.clear();
    },
  };
}
