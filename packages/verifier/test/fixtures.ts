/**
 * Principals and chain builders for the rule tests. The standard chain:
 *
 *   space ─/storage─▶ alice ─/storage/write, size ≤ 1024─▶ bob ─invoke /storage/write─▶ service
 *
 * `space` is the subject; `service` the verifying storage service.
 */
import { generateSigner } from '@capchain/core/principal'
import type { DID, Signer } from '@capchain/core/principal'
import { createDelegation, createInvocation } from '@capchain/core/token'
import type { Delegation, Invocation, IPLDMap, IPLDValue } from '@capchain/core/token'

/** Validation time of every test: 2027-01-15. */
export const NOW = 1_800_000_000

export interface Principals {
  space: Signer
  alice: Signer
  bob: Signer
  carol: Signer
  mallory: Signer
  service: Signer
}

export async function principals(): Promise<Principals> {
  const [space, alice, bob, carol, mallory, service] = await Promise.all(
    Array.from({ length: 6 }, () => generateSigner('Ed25519')),
  )
  return { space: space!, alice: alice!, bob: bob!, carol: carol!, mallory: mallory!, service: service! }
}

export interface DelegateOptions {
  subject?: DID | null
  command?: string
  policy?: IPLDValue[]
  expiration?: number | null
  notBefore?: number
}

export function delegate(issuer: Signer, audience: Signer | DID, subject: DID | null, options: DelegateOptions = {}): Promise<Delegation> {
  return createDelegation({
    issuer,
    audience: typeof audience === 'string' ? audience : audience.did(),
    subject: options.subject === undefined ? subject : options.subject,
    command: options.command ?? '/storage',
    policy: options.policy ?? [],
    expiration: options.expiration === undefined ? NOW + 3600 : options.expiration,
    ...(options.notBefore === undefined ? {} : { notBefore: options.notBefore }),
  })
}

export interface InvokeOptions {
  subject: DID
  audience?: DID | null
  command?: string
  args?: IPLDMap
  expiration?: number | null
  notBefore?: number
  proofs?: readonly { cid: Delegation['cid'] }[]
}

export function invoke(issuer: Signer, options: InvokeOptions): Promise<Invocation> {
  return createInvocation({
    issuer,
    subject: options.subject,
    ...(options.audience === null || options.audience === undefined ? {} : { audience: options.audience }),
    command: options.command ?? '/storage/write',
    args: options.args ?? { size: 100 },
    proofs: (options.proofs ?? []).map((proof) => proof.cid),
    expiration: options.expiration === undefined ? NOW + 300 : options.expiration,
    ...(options.notBefore === undefined ? {} : { notBefore: options.notBefore }),
    issuedAt: NOW,
  })
}

/** The standard chain: root (space → alice, /storage), mid (alice → bob, /storage/write, size ≤ 1024), invocation by bob. */
export async function standardChain(p: Principals, overrides: { invoke?: Partial<InvokeOptions> } = {}) {
  const root = await delegate(p.space, p.alice, p.space.did())
  const mid = await delegate(p.alice, p.bob, p.space.did(), { command: '/storage/write', policy: [['<=', '.size', 1024]] })
  const invocation = await invoke(p.bob, {
    subject: p.space.did(),
    audience: p.service.did(),
    proofs: [root, mid],
    ...overrides.invoke,
  })
  return { root, mid, invocation, proofs: [root.bytes, mid.bytes] }
}

/**
 * A signer that claims `claimed`'s DID but signs with `actual`'s key: what a
 * forger without the claimed key can produce.
 */
export function impostor(claimed: Signer, actual: Signer): Signer {
  return {
    keyType: actual.keyType,
    publicKey: claimed.publicKey,
    did: () => claimed.did(),
    verify: (message, signature) => claimed.verify(message, signature),
    sign: (message) => actual.sign(message),
    exportSecret: () => actual.exportSecret(),
    toVerifier: () => claimed.toVerifier(),
  }
}

/** `signer` under another DID (e.g. a did:web whose document lists `signer`'s key). */
export function renamed(signer: Signer, did: DID): Signer {
  return {
    keyType: signer.keyType,
    publicKey: signer.publicKey,
    did: () => did,
    verify: (message, signature) => signer.verify(message, signature),
    sign: (message) => signer.sign(message),
    exportSecret: () => signer.exportSecret(),
    toVerifier: () => signer.toVerifier(),
  }
}
