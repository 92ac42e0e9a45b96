export declare const DEFERRED_SIMULATOR_MODULES: readonly string[];
export declare const DEFERRED_MODULE_SHAPES: Readonly<Record<string, { callable?: boolean; loadWith?: readonly string[] }>>;
export declare function deferredExports(load: () => any, shape?: { callable?: boolean }): any;
