/** Types of scripts/own-modules.mjs, for the TypeScript tests that use it. */
export declare const OWN_MODULES: readonly string[]
