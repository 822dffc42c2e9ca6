/** Types of scripts/pack-public.mjs, for the TypeScript tests that use it. */
export declare const root: string
export interface PublicPackage {
  readonly dir: string
  readonly manifest: Record<string, any>
}
export declare function publicPackages(): PublicPackage[]
export declare function buildPackages(packages: readonly { dir: string }[]): void
export declare function packPackage(pkg: { dir: string }, destination: string): string
export declare function packPackages(packages: readonly { manifest: Record<string, any> }[], destination: string): string[]
