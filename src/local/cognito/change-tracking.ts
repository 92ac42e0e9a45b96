// Which records of the pool an action changed. The actions mutate the state in place (a user's
// status, a session's revocation, a new code), then the router persists; writing only what changed
// needs to know what that was without changing every action. The state handed to the actions is a
// view through proxies: a write anywhere under `users[key]` (its attributes, its groups array, ...)
// marks that user, a set or delete of a key marks the key, and a write to the pool's own fields
// (ids, signing key, app clients) marks the pool's settings record. Reads cost a lookup; the same
// record always yields the same proxy, so identity comparisons between reads hold.

/** A record of the pool: one entry of a collection, or the pool's settings. */
export type Collection = 'users' | 'groups' | 'sessions' | 'codes';
export const COLLECTIONS: readonly Collection[] = ['users', 'groups', 'sessions', 'codes'];
export const SETTINGS = 'settings';

export interface Changes {
  /** Keys changed per collection since the last take(). */
  take(): ChangeSet;
  /** Puts keys back (a write that failed). */
  restore(changes: ChangeSet): void;
  readonly size: number;
}

export interface ChangeSet {
  settings: boolean;
  keys: Map<Collection, Set<string>>;
}

const RAW = Symbol('wildrydes.raw');

/** The object behind a tracking proxy (or the value itself). */
export function unwrap<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    const raw = (value as { [RAW]?: T })[RAW];
    if (raw !== undefined) return raw;
  }
  return value;
}

/**
 * A view of `state` that records what is written through it. `state`'s collections must be plain
 * (null-prototype) objects keyed by record key.
 */
export function trackChanges<S extends Record<Collection, Record<string, unknown>>>(state: S): { view: S; changes: Changes } {
  let settings = false;
  let keys = new Map<Collection, Set<string>>();
  let count = 0;
  const mark = (collection: Collection, key: string) => {
    let set = keys.get(collection);
    if (!set) keys.set(collection, (set = new Set()));
    if (!set.has(key)) count++;
    set.add(key);
  };
  const markSettings = () => {
    if (!settings) count++;
    settings = true;
  };

  // One proxy per (object, owner): the owner is the mark a write under it makes.
  const proxies = new WeakMap<object, { owner: () => void; proxy: object }>();
  const deep = <T extends object>(target: T, owner: () => void): T => {
    const known = proxies.get(target);
    if (known && known.owner === owner) return known.proxy as T;
    const proxy = new Proxy(target, {
      get(t, p) {
        if (p === RAW) return t;
        const value = Reflect.get(t, p) as unknown;
        return value !== null && typeof value === 'object' ? deep(value, owner) : value;
      },
      set(t, p, value) {
        owner();
        return Reflect.set(t, p, unwrap(value));
      },
      deleteProperty(t, p) {
        owner();
        return Reflect.deleteProperty(t, p);
      },
      defineProperty(t, p, descriptor) {
        owner();
        return Reflect.defineProperty(t, p, 'value' in descriptor ? { ...descriptor, value: unwrap(descriptor.value) } : descriptor);
      },
    });
    proxies.set(target, { owner, proxy });
    return proxy;
  };

  // Each record's mark function is made once and kept, so that its proxy is found again.
  const owners = new Map<Collection, Map<string, () => void>>(COLLECTIONS.map((c) => [c, new Map()]));
  const ownerOf = (collection: Collection, key: string) => {
    const byKey = owners.get(collection)!;
    let owner = byKey.get(key);
    if (!owner) byKey.set(key, (owner = () => mark(collection, key)));
    return owner;
  };
  const collectionView = (collection: Collection) =>
    new Proxy(state[collection], {
      get(t, p) {
        if (p === RAW) return t;
        const value = Reflect.get(t, p) as unknown;
        if (typeof p !== 'string' || value === null || typeof value !== 'object') return value;
        return deep(value, ownerOf(collection, p));
      },
      set(t, p, value) {
        if (typeof p === 'string') mark(collection, p);
        return Reflect.set(t, p, unwrap(value));
      },
      deleteProperty(t, p) {
        if (typeof p === 'string') {
          mark(collection, p);
          owners.get(collection)!.delete(p);
        }
        return Reflect.deleteProperty(t, p);
      },
      defineProperty(t, p, descriptor) {
        if (typeof p === 'string') mark(collection, p);
        return Reflect.defineProperty(t, p, 'value' in descriptor ? { ...descriptor, value: unwrap(descriptor.value) } : descriptor);
      },
    });
  const views = new Map<Collection, Record<string, unknown>>(COLLECTIONS.map((c) => [c, collectionView(c)]));

  const view = new Proxy(state, {
    get(t, p) {
      if (p === RAW) return t;
      if (typeof p === 'string' && views.has(p as Collection)) return views.get(p as Collection);
      const value = Reflect.get(t, p) as unknown;
      return value !== null && typeof value === 'object' ? deep(value, markSettings) : value;
    },
    set(t, p, value) {
      if (typeof p === 'string' && views.has(p as Collection)) {
        // A whole collection replaced: every old and new key changed.
        const collection = p as Collection;
        const next = Object.assign(Object.create(null) as Record<string, unknown>, unwrap(value) as Record<string, unknown>);
        for (const key of [...Object.keys(t[collection]), ...Object.keys(next)]) mark(collection, key);
        Reflect.set(t, p, next);
        views.set(collection, collectionView(collection));
        return true;
      }
      markSettings();
      return Reflect.set(t, p, unwrap(value));
    },
    deleteProperty(t, p) {
      markSettings();
      return Reflect.deleteProperty(t, p);
    },
  });

  return {
    view,
    changes: {
      take() {
        const taken = { settings, keys };
        settings = false;
        keys = new Map();
        count = 0;
        return taken;
      },
      restore(changes) {
        if (changes.settings) markSettings();
        for (const [collection, set] of changes.keys) for (const key of set) mark(collection, key);
      },
      get size() {
        return count;
      },
    },
  };
}
