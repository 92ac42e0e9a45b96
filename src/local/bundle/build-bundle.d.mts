// Types of build-bundle.mjs (plain JavaScript: npm start runs it before anything is built).
export declare const ENTRIES: Record<'local-cloud' | 'cli', string>;
export declare class BundleBuildError extends Error {}
export declare function buildBundle(root: string, buildDir: string): Promise<{ dir: string; inputs: string[]; ms: number }>;
/** A built file's text inside node's CommonJS module wrapper, as run-bundle.cjs compiles it. */
export declare function wrapAsFunction(text: string): string;
