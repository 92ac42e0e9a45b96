// Types of local-bundle.cjs (plain JavaScript: npm start runs it before anything is built).
export declare const SOURCE_ROOT: string;
export declare const BUILD_DIR: string;
export declare function ensureBundle(entry: 'local-cloud' | 'cli', log: (line: string) => void): Promise<string>;
