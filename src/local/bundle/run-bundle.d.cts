// Types of run-bundle.cjs (plain JavaScript: npm start runs it before anything is built).
export declare function codeCachePath(file: string, kind?: string): string;
export declare function runBundle(file: string, options?: { readyMark?: string; log?: (line: string) => void; kind?: string }): { exports: any; codeCache: 'used' | 'absent' | 'rejected' };
