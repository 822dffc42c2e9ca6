/**
 * Node's built-in modules, loaded at call time with
 * `process.getBuiltinModule` (Node >= 20.16) rather than imported
 * statically, so that the browser bundle of this package never references
 * them (the pattern core's `principal/node-crypto.ts` uses).
 */
import { KeyStoreError } from '../errors.js'

export interface NodeBuiltins {
  readonly fs: typeof import('node:fs/promises')
  readonly path: typeof import('node:path')
  readonly crypto: typeof import('node:crypto')
  readonly os: typeof import('node:os')
}

/** @throws {KeyStoreError} not running in Node */
export function nodeBuiltins(): NodeBuiltins {
  const proc = (globalThis as { process?: Partial<NodeJS.Process> }).process
  if (typeof proc?.versions?.node !== 'string' || typeof proc.getBuiltinModule !== 'function') {
    throw new KeyStoreError('a key file needs Node.js 20.16 or later; in a browser use indexedDbStore()')
  }
  return {
    fs: proc.getBuiltinModule('node:fs/promises'),
    path: proc.getBuiltinModule('node:path'),
    crypto: proc.getBuiltinModule('node:crypto'),
    os: proc.getBuiltinModule('node:os'),
  }
}
