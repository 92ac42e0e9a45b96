// Types of build-bundle.mjs (plain JavaScript: npm start runs it before anything is built).
export declare const ENTRIES: Record<'local-cloud' | 'cli', string>;
export declare class BundleBuildError extends Error {}
export declare function buildBundle(root: string, buildDir: string): Promise<{ dir: string; inputs: string[]; ms: number }>;
