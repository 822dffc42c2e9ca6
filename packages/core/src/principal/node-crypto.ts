/**
 * `node:crypto`, when running in Node.js (or a runtime that mimics it), else `undefined`.
 *
 * Loaded with `process.getBuiltinModule` (Node >= 20.16) rather than a static
 * import so that browser bundles of this package never reference `node:crypto`.
 */
type NodeCrypto = typeof import('node:crypto')

let loaded: { readonly module: NodeCrypto | undefined } | undefined

export function nodeCrypto(): NodeCrypto | undefined {
  if (loaded === undefined) {
    const proc = (globalThis as { process?: Partial<NodeJS.Process> }).process
    const module =
      typeof proc?.versions?.node === 'string' && typeof proc.getBuiltinModule === 'function'
        ? proc.getBuiltinModule('node:crypto')
        : undefined
    loaded = { module }
  }
  return loaded.module
}
