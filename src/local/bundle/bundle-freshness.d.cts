// Types of bundle-freshness.cjs (plain JavaScript: npm start runs it before anything is built).
export declare const MANIFEST: string;
export declare const MANIFEST_VERSION: number;
export interface BundleManifest {
  version: number;
  root: string;
  dir: string;
  inputs: Record<string, number>;
}
export declare function bundleStaleReason(root: string, buildDir: string): string | undefined;
export declare function readManifest(buildDir: string): BundleManifest | undefined;
