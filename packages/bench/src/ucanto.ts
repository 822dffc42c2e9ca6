/**
 * ucanto (npm `@ucanto/*`, UCAN 0.9-style tokens) verifying an equivalent
 * chain: the same Ed25519 keys (same seeds), the same depth, the same
 * capability (write to the subject's storage, size at most 1 MiB, path under
 * /photos/, restated at every link), checked with `access` from
 * `@ucanto/validator`.
 *
 * - cold: the invocation arrives as ucanto's CAR archive with every proof
 *   block in it (`Delegation.extract`), never seen before;
 * - warm: only the invocation's own block is new; its proof is resolved to
 *   the delegation decoded before (ucanto memoizes decoding per block), and
 *   `access` checks every signature again (ucanto caches none).
 */
import { Delegation, Schema, delegate, fail, invoke, ok } from '@ucanto/core'
import { ed25519, Verifier } from '@ucanto/principal'
import { access, capability } from '@ucanto/validator'
import { seedOf } from './keys.js'

/* The ucanto API is typed for its own generics; the bench handles its values loosely. */
/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any

export const StorageWrite: Any = capability({
  can: 'storage/write',
  with: Schema.did({ method: 'key' }),
  nb: Schema.struct({ size: Schema.integer().optional(), path: Schema.string().optional() }),
  derives: (claimed: Any, delegated: Any) => {
    if (claimed.with !== delegated.with) return fail(`${claimed.with} is not ${delegated.with}`)
    const limit = delegated.nb.size
    if (limit !== undefined && (claimed.nb.size === undefined || claimed.nb.size > limit)) return fail(`size above ${limit}`)
    const prefix = delegated.nb.path
    if (prefix !== undefined && (claimed.nb.path === undefined || !claimed.nb.path.startsWith(prefix))) return fail(`path outside ${prefix}`)
    return ok({})
  },
})

export interface UcantoPrincipals {
  readonly keys: readonly Any[]
  readonly service: Any
}

export async function ucantoPrincipals(maxDepth: number): Promise<UcantoPrincipals> {
  const keys = await Promise.all(Array.from({ length: maxDepth + 1 }, (_, i) => ed25519.derive(seedOf(`key-${i}`))))
  return { keys, service: await ed25519.derive(seedOf('service')) }
}

export interface UcantoChain {
  readonly depth: number
  /** The last delegation (its proofs embedded), decoded once. */
  readonly leaf: Any
  readonly service: Any
  readonly invoker: Any
  readonly subject: string
  readonly expiration: number
}

const NB_LIMITS = { size: 1048576, path: '/photos/' }

export async function ucantoChain(p: UcantoPrincipals, depth: number, expiration: number): Promise<UcantoChain> {
  const subject = p.keys[0]!.did()
  let previous: Any
  for (let i = 0; i < depth; i++) {
    previous = await delegate({
      issuer: p.keys[i]!,
      audience: p.keys[i + 1]!,
      capabilities: [{ can: 'storage/write', with: subject, nb: NB_LIMITS }],
      proofs: previous === undefined ? [] : [previous],
      expiration,
    } as Any)
  }
  return { depth, leaf: previous, service: p.service, invoker: p.keys[depth]!, subject, expiration }
}

/** A new invocation over `chain` (as ucanto builds it: every proof block attached). */
export async function ucantoInvocation(chain: UcantoChain, n: number): Promise<Any> {
  return invoke({
    issuer: chain.invoker,
    audience: chain.service,
    capability: { can: 'storage/write', with: chain.subject, nb: { size: 1024 + (n % 4096), path: `/photos/${n}.jpg` } },
    proofs: [chain.leaf],
    expiration: chain.expiration,
  } as Any).delegate()
}

/** The invocation as ucanto's CAR archive (what a cold verification starts from). */
export async function ucantoArchive(invocation: Any): Promise<Uint8Array> {
  const archived = await invocation.archive()
  if (archived.error) throw archived.error
  return archived.ok
}

function check(invocation: Any, chain: UcantoChain, resolve?: (link: Any) => Promise<Any>): Promise<Any> {
  return access(invocation, {
    capability: StorageWrite,
    authority: chain.service.verifier ?? chain.service,
    principal: Verifier,
    validateAuthorization: () => ok({}),
    ...(resolve === undefined ? {} : { resolve }),
  } as Any)
}

/** Cold: decode the archive, then `access`. Resolves ucanto's result ({ ok } or { error }). */
export async function ucantoVerifyCold(archive: Uint8Array, chain: UcantoChain): Promise<Any> {
  const extracted: Any = await Delegation.extract(archive)
  if (extracted.error) return extracted
  return check(extracted.ok, chain)
}

/**
 * Warm: the invocation's own block, new (a fresh copy of its bytes, so
 * ucanto's per-block decode memo cannot answer), its proof resolved to the
 * delegation decoded before.
 */
export function ucantoVerifyWarm(root: { cid: Any; bytes: Uint8Array }, chain: UcantoChain): Promise<Any> {
  const invocation = Delegation.create({ root: { cid: root.cid, bytes: root.bytes.slice() }, blocks: new Map() } as Any)
  return check(invocation, chain, async (link: Any) =>
    link.toString() === chain.leaf.cid.toString() ? { ok: chain.leaf } : { error: new Error(`no proof ${link}`) },
  )
}
