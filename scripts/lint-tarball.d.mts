/** Types of scripts/lint-tarball.mjs, for the TypeScript tests that use it. */
export declare function lintTarball(tarball: string, manifest: Record<string, any>): Promise<string[]>
