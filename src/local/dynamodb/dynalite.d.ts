// dynalite 4 ships no types; this is the part of its API the embedded store uses.
declare module 'dynalite' {
  import type { Server } from 'node:http';

  interface DynaliteOptions {
    /** LevelDB folder; in memory when omitted. */
    path?: string;
    createTableMs?: number;
    deleteTableMs?: number;
    updateTableMs?: number;
    maxItemSizeKb?: number;
    verbose?: boolean;
    debug?: boolean;
  }

  function dynalite(options?: DynaliteOptions): Server;
  export default dynalite;
}

// dynalite's own modules that linear-expression-parsers.ts and atomic-index-writes.ts patch in place
// (their module.exports, reached as the default import); each file gives them their shape.
declare module 'dynalite/db/index.js' {
  const db: unknown;
  export default db;
}
declare module 'dynalite/db/conditionParser.js' {
  const parser: unknown;
  export default parser;
}
declare module 'dynalite/db/updateParser.js' {
  const parser: unknown;
  export default parser;
}
declare module 'dynalite/db/projectionParser.js' {
  const parser: unknown;
  export default parser;
}
// buffer-crc32 (dynalite's checksum of each response, which native-checksum.ts replaces).
declare module 'buffer-crc32' {
  const crc32: unknown;
  export default crc32;
}
