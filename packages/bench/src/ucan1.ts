/**
 * UCAN 1.0 chains, minted by capchain. capchain and iso-ucan verify the very
 * same bytes.
 *
 * A chain of depth d: key 0 (the subject, a storage space) delegates
 * `/storage/write` to key 1, which delegates it to key 2, …, key d, which
 * invokes it on the storage service. Every delegation carries the same policy
 * (size at most 1 MiB, path under /photos/), so every link's policy is
 * evaluated on every invocation.
 */
import type { KeyObject } from 'node:crypto'
import type { DID, Signer } from '@capchain/core/principal'
import { createDelegation, createInvocation } from '@capchain/core/token'
import type { Delegation, Invocation, IPLDValue, Token } from '@capchain/core/token'
import { fastSigner, publicKeyObject, seedOf } from './keys.js'

export const COMMAND = '/storage/write'
export const POLICY: IPLDValue[] = [
  ['<=', '.size', 1048576],
  ['like', '.path', '/photos/*'],
]

export interface Principals {
  /** Key 0 is the subject; key i issues the i-th delegation (0-based); key d invokes. */
  readonly keys: readonly Signer[]
  readonly keyObjects: readonly KeyObject[]
  readonly service: Signer
}

export function principals(maxDepth: number): Principals {
  const keys = Array.from({ length: maxDepth + 1 }, (_, i) => fastSigner(seedOf(`key-${i}`)))
  return { keys, keyObjects: keys.map((k) => publicKeyObject(k.publicKey)), service: fastSigner(seedOf('service')) }
}

export interface Ucan1Chain {
  readonly depth: number
  /** Root first. */
  readonly delegations: readonly Delegation[]
  /** The delegations' bytes, root first: what travels with an invocation. */
  readonly proofs: readonly Uint8Array[]
  readonly subject: DID
  readonly invoker: Signer
  readonly service: DID
  readonly expiration: number
}

/** Unix seconds a day from now: long enough for any run, and real time (ucanto checks time against the clock). */
export function expirationFromNow(): number {
  return Math.floor(Date.now() / 1000) + 86_400
}

/** A new chain of `depth` delegations (fresh nonces: its CIDs were never seen). */
export async function buildChain(p: Principals, depth: number, expiration = expirationFromNow()): Promise<Ucan1Chain> {
  const subject = p.keys[0]!.did()
  const delegations: Delegation[] = []
  for (let i = 0; i < depth; i++) {
    delegations.push(
      await createDelegation({
        issuer: p.keys[i]!,
        audience: p.keys[i + 1]!.did(),
        subject,
        command: COMMAND,
        policy: POLICY,
        expiration,
      }),
    )
  }
  return {
    depth,
    delegations,
    proofs: delegations.map((d) => d.bytes),
    subject,
    invoker: p.keys[depth]!,
    service: p.service.did(),
    expiration,
  }
}

/** The arguments of the n-th invocation: always within every policy. */
export function argsOf(n: number): { size: number; path: string } {
  return { size: 1024 + (n % 4096), path: `/photos/${n}.jpg` }
}

/** A new invocation of `chain` (fresh nonce). */
export function invoke(chain: Ucan1Chain, n: number): Promise<Invocation> {
  return createInvocation({
    issuer: chain.invoker,
    subject: chain.subject,
    audience: chain.service,
    command: COMMAND,
    args: argsOf(n),
    proofs: chain.delegations.map((d) => d.cid),
    expiration: chain.expiration,
    issuedAt: Math.floor(Date.now() / 1000),
  })
}

/** One signature as the floor verifies it: the raw key, the signed bytes, the signature. */
export interface RawSignature {
  readonly key: KeyObject
  readonly message: Uint8Array
  readonly signature: Uint8Array
}

/** The raw signature of a token signed by key `keyIndex`. */
export function rawSignature(p: Principals, token: Token, keyIndex: number): RawSignature {
  return { key: p.keyObjects[keyIndex]!, message: token.envelope.signedBytes, signature: token.envelope.signature }
}

/** Every signature of `chain` plus `invocation`'s, root first. */
export function chainSignatures(p: Principals, chain: Ucan1Chain, invocation: Invocation): RawSignature[] {
  return [...chain.delegations.map((d, i) => rawSignature(p, d, i)), rawSignature(p, invocation, chain.depth)]
}
