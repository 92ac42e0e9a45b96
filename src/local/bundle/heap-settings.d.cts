// Types of heap-settings.cjs (plain JavaScript: npm start runs it before anything is built).
export declare const HEAP_GROWING_PERCENT: number;
export declare const START_FLAGS: string[];
export declare function startEnv(env?: NodeJS.ProcessEnv): Record<string, string>;
