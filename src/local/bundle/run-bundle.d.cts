// Types of run-bundle.cjs (plain JavaScript: npm start runs it before anything is built).
export declare function codeCachePath(file: string): string;
export declare function runBundle(file: string, options?: { readyMark?: string; log?: (line: string) => void }): { exports: any; codeCache: 'used' | 'absent' | 'rejected' };
