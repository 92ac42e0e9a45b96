// A fresh npm project outside the repository that installs without the network, from the npm cache
// that the repository's `npm ci` filled. `npm ci` fetches tarballs by their integrity and never the
// registry's package documents, so `npm install --offline <tarball>` cannot resolve a version range
// from that cache (ENOTCACHED). The project is therefore given a lockfile: the dependency closure of
// what it installs, copied from the repository's own package-lock.json (the versions the repository
// is tested with), which `npm ci --offline` installs from the cache alone.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';

const repositoryRoot = join(import.meta.dirname, '..', '..');

interface LockEntry {
  version?: string;
  resolved?: string;
  integrity?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  dev?: boolean;
  devOptional?: boolean;
  [key: string]: unknown;
}

export interface LocalPackage {
  /** The packed tarball (npm pack). */
  tarball: string;
  /** Its package.json. */
  manifest: { name: string; version: string; dependencies?: Record<string, string>; license?: string; engines?: unknown };
}

/**
 * Writes package.json and package-lock.json into `dir` and runs `npm ci --offline` there.
 * `packages`: registry packages by name, at the version the repository's lockfile has;
 * `local`: a packed tarball, installed with the repository's versions of its dependencies.
 */
export async function installOffline(dir: string, options: { packages?: string[]; devPackages?: string[]; local?: LocalPackage }): Promise<void> {
  const rootLock = JSON.parse(readFileSync(join(repositoryRoot, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const lock = rootLock.packages;
  const versionOf = (name: string): string => {
    const version = lock[`node_modules/${name}`]?.version;
    if (!version) throw new Error(`${name} is not in the repository's package-lock.json`);
    return version;
  };

  const dependencies: Record<string, string> = {};
  const devDependencies: Record<string, string> = {};
  for (const name of options.packages ?? []) dependencies[name] = versionOf(name);
  for (const name of options.devPackages ?? []) devDependencies[name] = versionOf(name);

  const entries: Record<string, LockEntry> = {};
  const starts: string[] = [...Object.keys(dependencies), ...Object.keys(devDependencies)];
  if (options.local) {
    const { tarball, manifest } = options.local;
    const file = basename(tarball);
    copyFileSync(tarball, join(dir, file));
    dependencies[manifest.name] = `file:${file}`;
    entries[`node_modules/${manifest.name}`] = {
      version: manifest.version,
      resolved: `file:${file}`,
      integrity: `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`,
      license: manifest.license,
      dependencies: manifest.dependencies,
      engines: manifest.engines,
    };
    starts.push(...Object.keys(manifest.dependencies ?? {}));
  }
  for (const path of closure(lock, starts)) {
    const { dev: _dev, devOptional: _devOptional, ...entry } = lock[path]!;
    entries[path] = entry;
  }

  const manifest = { name: 'wildrydes-consumer', version: '1.0.0', private: true, type: 'module', dependencies, devDependencies };
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const lockfile = {
    name: manifest.name,
    version: manifest.version,
    lockfileVersion: 3,
    requires: true,
    packages: { '': { name: manifest.name, version: manifest.version, dependencies, devDependencies }, ...entries },
  };
  writeFileSync(join(dir, 'package-lock.json'), `${JSON.stringify(lockfile, null, 2)}\n`);
  await promisify(execFile)('npm', ['ci', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'], {
    cwd: dir,
    maxBuffer: 16 * 1024 * 1024,
  });
}

/** The lockfile paths that node's resolution reaches from the top-level packages `names`. */
function closure(lock: Record<string, LockEntry>, names: readonly string[]): Set<string> {
  const reached = new Set<string>();
  const visit = (from: string, name: string, optional: boolean) => {
    const path = resolveFrom(lock, from, name);
    if (!path) {
      if (optional) return; // another platform's binary, say
      throw new Error(`${name} (needed by ${from || 'the project'}) is not in the repository's package-lock.json`);
    }
    if (reached.has(path)) return;
    reached.add(path);
    const entry = lock[path]!;
    for (const dependency of Object.keys(entry.dependencies ?? {})) visit(path, dependency, false);
    for (const dependency of Object.keys(entry.optionalDependencies ?? {})) visit(path, dependency, true);
    for (const dependency of Object.keys(entry.peerDependencies ?? {})) {
      visit(path, dependency, entry.peerDependenciesMeta?.[dependency]?.optional === true);
    }
  };
  for (const name of names) visit('', name, false);
  return reached;
}

/** Where `name` resolves from the package at `from`: its own node_modules, then each ancestor's. */
function resolveFrom(lock: Record<string, LockEntry>, from: string, name: string): string | undefined {
  let base = from;
  for (;;) {
    const candidate = base ? `${base}/node_modules/${name}` : `node_modules/${name}`;
    if (lock[candidate]) return candidate;
    if (!base) return undefined;
    const cut = base.lastIndexOf('/node_modules/');
    base = cut === -1 ? '' : base.slice(0, cut);
  }
}
