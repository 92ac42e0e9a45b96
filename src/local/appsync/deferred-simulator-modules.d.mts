export declare const DEFERRED_SIMULATOR_MODULES: readonly string[];
