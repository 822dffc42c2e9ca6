/**
 * Loading the shared UCAN 1.0 test vectors. They live outside the repository
 * (`../shared/vectors` from the repository root, or `$CAPCHAIN_VECTORS`) and
 * are never copied in. A missing vector set is an error, never a skip: a
 * conformance test that silently runs nothing proves nothing.
 */
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The repository root: the nearest directory above this file holding pnpm-workspace.yaml. */
function repositoryRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url))
  while (!existsSync(join(dir, 'pnpm-workspace.yaml'))) {
    const parent = dirname(dir)
    if (parent === dir) throw new Error('cannot find the repository root (no pnpm-workspace.yaml above the test)')
    dir = parent
  }
  return dir
}

export function vectorsDir(): string {
  const dir = process.env.CAPCHAIN_VECTORS ?? resolve(repositoryRoot(), '../shared/vectors')
  if (!existsSync(dir)) {
    throw new Error(`test vectors not found at ${dir}; set CAPCHAIN_VECTORS to the shared vectors directory`)
  }
  return dir
}

export interface InvocationVector {
  readonly name: string
  readonly description: string
  readonly time: number
  readonly invocation: Uint8Array
  /** As listed in the file: root first. */
  readonly proofs: readonly Uint8Array[]
  /** The spec's error name for invalid cases. */
  readonly error: string | undefined
}

interface DagJsonBytes {
  readonly '/': { readonly bytes: string }
}

interface RawCase {
  name: string
  description: string
  time: number
  invocation: DagJsonBytes
  proofs: DagJsonBytes[]
  error?: { name: string }
}

function bytes(link: DagJsonBytes): Uint8Array {
  // dag-json bytes: standard base64 without padding.
  return new Uint8Array(Buffer.from(link['/'].bytes, 'base64'))
}

/** `ucan-1.0.0/delegation.json` principals: name → multikey secret (varint 0x1300 + Ed25519 seed). */
export function vectorPrincipals(): Record<string, Uint8Array> {
  const file = join(vectorsDir(), 'ucan-1.0.0', 'delegation.json')
  if (!existsSync(file)) throw new Error(`test vector file missing: ${file}`)
  const json = JSON.parse(readFileSync(file, 'utf8')) as { principals: Record<string, string> }
  return Object.fromEntries(Object.entries(json.principals).map(([name, secret]) => [name, new Uint8Array(Buffer.from(secret, 'base64'))]))
}

/** `ucan-1.0.0/invocation.json`, valid and invalid cases. */
export function invocationVectors(): { valid: InvocationVector[]; invalid: InvocationVector[] } {
  const file = join(vectorsDir(), 'ucan-1.0.0', 'invocation.json')
  if (!existsSync(file)) throw new Error(`test vector file missing: ${file}`)
  const json = JSON.parse(readFileSync(file, 'utf8')) as { valid: RawCase[]; invalid: RawCase[] }
  const read = (raw: RawCase): InvocationVector => ({
    name: raw.name,
    description: raw.description,
    time: raw.time,
    invocation: bytes(raw.invocation),
    proofs: raw.proofs.map(bytes),
    error: raw.error?.name,
  })
  const vectors = { valid: json.valid.map(read), invalid: json.invalid.map(read) }
  if (vectors.valid.length === 0 || vectors.invalid.length === 0) throw new Error(`no cases in ${file}`)
  return vectors
}
