// Types of peg-result-cache.mjs (plain JavaScript: the bundle's build script imports it).
export declare const RESULT_CACHE_MARK: string;
export declare class ParserPatchError extends Error {}
export declare function withResultCache(source: string, id: string): string;
export declare function hasResultCache(parse: unknown): boolean;
