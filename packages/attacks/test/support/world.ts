/**
 * The principals and chains every attack starts from. The honest chain:
 *
 *   space ─/storage─▶ alice ─/storage/write, size ≤ 1024─▶ bob ─invoke /storage/write─▶ service
 *
 * `space` is the subject, `service` the verifying service, `mallory` the
 * attacker (she holds her own key and whatever she observed on the wire).
 */
import { verifyEnvelopeSignature } from '@capchain/core/envelope'
import { generateSigner } from '@capchain/core/principal'
import type { DID, KeyType, Signer, Verifier } from '@capchain/core/principal'
import { createDelegation, createInvocation } from '@capchain/core/token'
import type { Delegation, Envelope, Invocation, IPLDMap, IPLDValue } from '@capchain/core/token'
import { createVerifier } from '@capchain/verifier'
import type { ChainVerifier, VerifierConfig } from '@capchain/verifier'
import type { CID } from 'multiformats/cid'

/** Validation time of every attack: 2027-01-15T08:00:00Z. */
export const NOW = 1_800_000_000

export interface Principals {
  readonly space: Signer
  readonly alice: Signer
  readonly bob: Signer
  readonly carol: Signer
  readonly mallory: Signer
  readonly service: Signer
}

export async function principals(keyType: KeyType = 'Ed25519'): Promise<Principals> {
  const [space, alice, bob, carol, mallory, service] = await Promise.all(Array.from({ length: 6 }, () => generateSigner(keyType)))
  return { space: space!, alice: alice!, bob: bob!, carol: carol!, mallory: mallory!, service: service! }
}

export interface DelegateOptions {
  command?: string
  policy?: IPLDValue[]
  expiration?: number | null
  notBefore?: number
}

/** A delegation `issuer → audience` about `subject` (`null`: a powerline), valid for an hour from {@link NOW}. */
export function delegate(issuer: Signer, audience: Signer | DID, subject: DID | null, options: DelegateOptions = {}): Promise<Delegation> {
  return createDelegation({
    issuer,
    audience: typeof audience === 'string' ? audience : audience.did(),
    subject,
    command: options.command ?? '/storage',
    policy: options.policy ?? [],
    expiration: options.expiration === undefined ? NOW + 3600 : options.expiration,
    ...(options.notBefore === undefined ? {} : { notBefore: options.notBefore }),
  })
}

export interface InvokeOptions {
  subject: DID
  /** The executor; absent: no `aud` (the subject is the audience). */
  audience?: DID
  command?: string
  args?: IPLDMap
  expiration?: number | null
  /** Proofs by CID, as listed in `prf` (wrap a bare CID as `{ cid }`). */
  proofs?: readonly { readonly cid: CID }[]
}

export function invoke(issuer: Signer, options: InvokeOptions): Promise<Invocation> {
  return createInvocation({
    issuer,
    subject: options.subject,
    ...(options.audience === undefined ? {} : { audience: options.audience }),
    command: options.command ?? '/storage/write',
    args: options.args ?? { size: 100 },
    proofs: (options.proofs ?? []).map((proof) => proof.cid),
    expiration: options.expiration === undefined ? NOW + 300 : options.expiration,
    issuedAt: NOW,
  })
}

export interface HonestChain {
  readonly root: Delegation
  readonly mid: Delegation
  readonly invocation: Invocation
  /** The proofs as bytes, root first. */
  readonly proofs: Uint8Array[]
}

/** The honest chain of the module comment; `args` default `{ size: 100 }`. */
export async function honestChain(p: Principals, args: IPLDMap = { size: 100 }): Promise<HonestChain> {
  const root = await delegate(p.space, p.alice, p.space.did())
  const mid = await delegate(p.alice, p.bob, p.space.did(), { command: '/storage/write', policy: [['<=', '.size', 1024]] })
  const invocation = await invoke(p.bob, { subject: p.space.did(), audience: p.service.did(), args, proofs: [root, mid] })
  return { root, mid, invocation, proofs: [root.bytes, mid.bytes] }
}

/** `length` delegations from `subject` down a line of fresh keys, and the last key (the holder). */
export async function longChain(subject: Signer, length: number): Promise<{ delegations: Delegation[]; holder: Signer }> {
  const signers = [subject, ...(await Promise.all(Array.from({ length }, () => generateSigner('Ed25519'))))]
  const delegations: Delegation[] = []
  for (let i = 0; i < length; i++) delegations.push(await delegate(signers[i]!, signers[i + 1]!, subject.did()))
  return { delegations, holder: signers[length]! }
}

/** A verifier whose signature checks are counted (`calls()`), with their real outcome. */
export function countingVerifier(config: VerifierConfig = {}): { verifier: ChainVerifier; calls: () => number } {
  let count = 0
  const verifySignature = (envelope: Envelope, verifier: Verifier): Promise<boolean> => {
    count++
    return verifyEnvelopeSignature(envelope, verifier)
  }
  return { verifier: createVerifier({ ...config, verifySignature }), calls: () => count }
}

/**
 * A signer that claims `claimed`'s DID but signs with `actual`'s key: what
 * an attacker who knows a DID (its public key) but not its secret produces.
 */
export function impostor(claimed: Signer, actual: Signer): Signer {
  return {
    keyType: claimed.keyType,
    publicKey: claimed.publicKey,
    did: () => claimed.did(),
    verify: (message, signature) => claimed.verify(message, signature),
    sign: (message) => actual.sign(message),
    exportSecret: () => actual.exportSecret(),
    toVerifier: () => claimed.toVerifier(),
  }
}
