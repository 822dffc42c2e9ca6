/**
 * The SIWE-rooted depth-3 chain: a wallet signs a SIWE message (a CACAO, the
 * root) granting `/storage/write` to a session key, which delegates to agent
 * 1, which delegates to agent 2, which invokes. Three links, four
 * signatures: one secp256k1 (EIP-191 `personal_sign`, checked by recovering
 * the key) and three Ed25519.
 *
 * `siweRootFormat` keeps the time-independent verdict of an EOA-signed root
 * by CID (its time bounds are checked on every verification; a contract
 * wallet's signature is asked on every verification and never cached), so a
 * warm verification does not recover the signer again. The floors are therefore:
 * - warm: one raw Ed25519 verify (the invocation);
 * - cold: three raw Ed25519 verifies + one secp256k1 recovery (the root).
 * The recovery is @noble/curves' (node:crypto has no ECDSA recovery), on the
 * message hash computed beforehand.
 *
 * ucanto and iso-ucan have no SIWE root: capchain is compared with the floor only.
 */
import { verify as nodeVerify } from 'node:crypto'
import type { Signer } from '@capchain/core/principal'
import { createDelegation, createInvocation } from '@capchain/core/token'
import type { Invocation } from '@capchain/core/token'
import { addressFromPublicKey, createSiweRoot, didPkh, hashPersonalMessage, siweRootFormat } from '@capchain/siwe'
import { createVerifier } from '@capchain/verifier'
import type { ChainVerifier } from '@capchain/verifier'
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { fastSigner, publicKeyObject, seedOf } from './keys.js'
import type { BenchCase } from './measure.js'
import { COMMAND, POLICY, argsOf, expirationFromNow } from './ucan1.js'
import type { RawSignature } from './ucan1.js'

export const SIWE_CASES = ['floor.warm', 'floor.cold', 'capchain.cold', 'capchain.warm'] as const

const DOMAIN = 'photos.example'
const WALLET_SECRET = seedOf('siwe-wallet')
const ADDRESS = addressFromPublicKey(secp256k1.getPublicKey(WALLET_SECRET, false))
export const SIWE_SUBJECT = didPkh(1, ADDRESS)

/** EIP-191 personal_sign: 65 bytes r ‖ s ‖ v. */
export function personalSign(message: string, secret: Uint8Array = WALLET_SECRET): Uint8Array {
  const signature = secp256k1.sign(hashPersonalMessage(message), secret, { prehash: false, format: 'recovered' })
  return Uint8Array.of(...signature.subarray(1), 27 + signature[0]!)
}

interface SiweKeys {
  readonly session: Signer
  readonly agent1: Signer
  readonly agent2: Signer
  readonly service: Signer
}

export function siweKeys(): SiweKeys {
  return {
    session: fastSigner(seedOf('siwe-session')),
    agent1: fastSigner(seedOf('siwe-agent-1')),
    agent2: fastSigner(seedOf('siwe-agent-2')),
    service: fastSigner(seedOf('service')),
  }
}

export interface SiweChain {
  readonly proofs: readonly Uint8Array[]
  readonly proofCids: readonly Invocation['cid'][]
  /** What the floor recovers: the root's message hash and signature. */
  readonly recovery: { readonly hash: Uint8Array; readonly signature: Uint8Array }
  readonly delegationSignatures: readonly RawSignature[]
  readonly expiration: number
}

/** A new SIWE-rooted chain (new root message nonce, new delegation nonces). */
export async function buildSiweChain(k: SiweKeys, expiration = expirationFromNow()): Promise<SiweChain> {
  const now = Math.floor(Date.now() / 1000)
  const root = await createSiweRoot({
    signMessage: async (message) => personalSign(message),
    address: ADDRESS,
    chainId: 1,
    domain: DOMAIN,
    uri: k.session.did(),
    capabilities: [{ command: COMMAND, policy: POLICY }],
    issuedAt: new Date((now - 60) * 1000),
    expirationTime: new Date(expiration * 1000),
  })
  const toAgent1 = await createDelegation({ issuer: k.session, audience: k.agent1.did(), subject: SIWE_SUBJECT, command: COMMAND, policy: POLICY, expiration })
  const toAgent2 = await createDelegation({ issuer: k.agent1, audience: k.agent2.did(), subject: SIWE_SUBJECT, command: COMMAND, policy: POLICY, expiration })
  return {
    proofs: [root.cacao, toAgent1.bytes, toAgent2.bytes],
    proofCids: [root.cid, toAgent1.cid, toAgent2.cid],
    recovery: { hash: hashPersonalMessage(root.message), signature: root.signature },
    delegationSignatures: [
      { key: publicKeyObject(k.session.publicKey), message: toAgent1.envelope.signedBytes, signature: toAgent1.envelope.signature },
      { key: publicKeyObject(k.agent1.publicKey), message: toAgent2.envelope.signedBytes, signature: toAgent2.envelope.signature },
    ],
    expiration,
  }
}

export function siweInvoke(k: SiweKeys, chain: SiweChain, n: number): Promise<Invocation> {
  return createInvocation({
    issuer: k.agent2,
    subject: SIWE_SUBJECT,
    audience: k.service.did(),
    command: COMMAND,
    args: argsOf(n),
    proofs: [...chain.proofCids],
    expiration: chain.expiration,
    issuedAt: Math.floor(Date.now() / 1000),
  })
}

export function siweVerifier(): ChainVerifier {
  return createVerifier({ rootFormats: [siweRootFormat({ domains: [DOMAIN] })] })
}

export async function siweCheck(verifier: ChainVerifier, invocation: Uint8Array, chain: Pick<SiweChain, 'proofs'>, service: string): Promise<void> {
  const result = await verifier.verifyInvocation(invocation, { proofs: chain.proofs, audience: service as never })
  if (!result.ok) throw result.error
}

/** The floor's secp256k1 recovery of the root's signer. */
export function recover(chain: SiweChain): void {
  const { hash, signature } = chain.recovery
  const recovered = secp256k1.Signature.fromBytes(signature.subarray(0, 64), 'compact')
    .addRecoveryBit(signature[64]! - 27)
    .recoverPublicKey(hash)
  if (recovered === undefined) throw new Error('no key recovered')
}

function rawVerify(s: RawSignature): void {
  if (!nodeVerify(null, s.message, s.key, s.signature)) throw new Error('raw signature did not verify')
}

/** Items made ahead, each consumed once. */
function queue<T>(make: () => Promise<T>) {
  let items: (T | undefined)[] = []
  let cursor = 0
  return {
    async fill(count: number) {
      items = []
      for (let i = 0; i < count; i += 64) items.push(...(await Promise.all(Array.from({ length: Math.min(64, count - i) }, make))))
      cursor = 0
    },
    next(): T {
      const item = items[cursor]
      if (item === undefined) throw new Error('bench bug: no item prepared for this operation')
      items[cursor++] = undefined
      return item
    },
  }
}

export async function siweCases(): Promise<BenchCase[]> {
  const k = siweKeys()
  const service = k.service.did()
  const chain = await buildSiweChain(k)
  const floorInvocations = await Promise.all(Array.from({ length: 64 }, (_, i) => siweInvoke(k, chain, i)))
  const invokerKey = publicKeyObject(k.agent2.publicKey)
  const invocationSignature = (inv: Invocation): RawSignature => ({ key: invokerKey, message: inv.envelope.signedBytes, signature: inv.envelope.signature })

  const warmVerifier = siweVerifier()
  await siweCheck(warmVerifier, (await siweInvoke(k, chain, -1)).bytes, chain, service)
  let minted = 0
  const warmInvocations = queue(async () => (await siweInvoke(k, chain, minted++)).bytes)
  const coldVerifier = siweVerifier()
  const newChains = queue(async () => {
    const c = await buildSiweChain(k)
    return { chain: { proofs: c.proofs }, invocation: (await siweInvoke(k, c, minted++)).bytes }
  })

  return [
    {
      group: 'siwe',
      id: 'siwe3.floor.warm',
      run: (n) => rawVerify(invocationSignature(floorInvocations[n % 64]!)),
    },
    {
      group: 'siwe',
      id: 'siwe3.floor.cold',
      run: (n) => {
        recover(chain)
        for (const s of chain.delegationSignatures) rawVerify(s)
        rawVerify(invocationSignature(floorInvocations[n % 64]!))
      },
    },
    {
      group: 'siwe',
      id: 'siwe3.capchain.cold',
      prepare: (count) => newChains.fill(count),
      run: () => {
        const item = newChains.next()
        return siweCheck(coldVerifier, item.invocation, item.chain, service)
      },
    },
    {
      group: 'siwe',
      id: 'siwe3.capchain.warm',
      prepare: (count) => warmInvocations.fill(count),
      run: () => siweCheck(warmVerifier, warmInvocations.next(), chain, service),
    },
  ]
}
