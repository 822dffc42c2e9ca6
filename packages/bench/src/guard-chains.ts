/**
 * The chains of the guard bench (guard.ts), each of depth 3 like the
 * storage service bench's, to `/bench/ping` with args `{ id: PING_ID }`:
 * - `siwe`: a wallet's SIWE root (granting `/bench` to a session key) →
 *   agent 1 → agent 2, who invokes; 1 secp256k1 + 3 Ed25519 signatures.
 * - `did:key`: the subject's Ed25519 did:key → agents 1, 2, 3; agent 3
 *   invokes; 4 Ed25519 signatures.
 * Every delegation below the root narrows to the ping command and an id
 * pattern, so a policy is evaluated on every link.
 */
import { encodeContainerString } from '@capchain/core'
import type { DID, Signer } from '@capchain/core/principal'
import { createDelegation, createInvocation } from '@capchain/core/token'
import type { Delegation, IPLDValue } from '@capchain/core/token'
import { addressFromPublicKey, createSiweRoot, didPkh } from '@capchain/siwe'
import { secp256k1 } from '@noble/curves/secp256k1.js'
import type { CID } from 'multiformats/cid'
import { fastSigner, publicKeyObject, seedOf } from './keys.js'
import { personalSign } from './siwe.js'
import type { RawSignature } from './ucan1.js'

export const PING_COMMAND = '/bench/ping'
export const PING_ID = 'p1'
/** The domain the bench's SIWE root is signed for, and the guard trusts. */
export const PING_DOMAIN = 'ping.bench.example'
export type GuardChainKind = 'siwe' | 'did:key'

const PING_POLICY: IPLDValue[] = [['like', '.id', 'p*']]

export interface GuardChain {
  readonly kind: GuardChainKind
  /** What the raw Ed25519 verify floor checks: the signatures of `count` new invocations of this chain. */
  invocationSignatures(count: number): Promise<RawSignature[]>
  /** `count` `Authorization` headers, each a new invocation with every proof. */
  headers(count: number): Promise<string[]>
}

/** In parallel batches (the signer is node:crypto; CBOR and hashing are synchronous anyway). */
async function many<T>(count: number, make: () => Promise<T>): Promise<T[]> {
  const out: T[] = []
  for (let i = 0; i < count; i += 256) out.push(...(await Promise.all(Array.from({ length: Math.min(256, count - i) }, make))))
  return out
}

/** Links from `issuer` through `agents`, each to the next, on `subject`: root first. */
async function links(issuer: Signer, agents: readonly Signer[], subject: DID, expiration: number): Promise<Delegation[]> {
  const chain: Delegation[] = []
  let from = issuer
  for (const agent of agents) {
    chain.push(await createDelegation({ issuer: from, audience: agent.did(), subject, command: PING_COMMAND, policy: PING_POLICY, expiration }))
    from = agent
  }
  return chain
}

function chainOf(kind: GuardChainKind, service: DID, subject: DID, invoker: Signer, proofCids: readonly CID[], proofs: readonly Uint8Array[]): GuardChain {
  const invoke = () =>
    createInvocation({
      issuer: invoker,
      subject,
      audience: service,
      command: PING_COMMAND,
      args: { id: PING_ID },
      proofs: [...proofCids],
      expiration: Math.floor(Date.now() / 1000) + 1800,
    })
  const key = publicKeyObject(invoker.publicKey)
  return {
    kind,
    invocationSignatures: (count) => many(count, async () => {
      const { envelope } = await invoke()
      return { key, message: envelope.signedBytes, signature: envelope.signature }
    }),
    headers: (count) => many(count, async () => `UCAN ${encodeContainerString([(await invoke()).bytes, ...proofs])}`),
  }
}

export async function siwePingChain(service: DID): Promise<GuardChain> {
  const secret = seedOf('guard-wallet')
  const address = addressFromPublicKey(secp256k1.getPublicKey(secret, false))
  const subject = didPkh(1, address)
  const session = fastSigner(seedOf('guard-session'))
  const agents = [fastSigner(seedOf('guard-agent-1')), fastSigner(seedOf('guard-agent-2'))]
  const expiration = Math.floor(Date.now() / 1000) + 3 * 3600
  const root = await createSiweRoot({
    signMessage: async (message) => personalSign(message, secret),
    address,
    chainId: 1,
    domain: PING_DOMAIN,
    uri: session.did(),
    capabilities: [{ command: '/bench', policy: [] }],
    issuedAt: new Date(Date.now() - 60_000),
    expirationTime: new Date(expiration * 1000),
  })
  const chain = await links(session, agents, subject, expiration)
  return chainOf('siwe', service, subject, agents[1]!, [root.cid, ...chain.map((d) => d.cid)], [root.cacao, ...chain.map((d) => d.bytes)])
}

export async function didKeyPingChain(service: DID): Promise<GuardChain> {
  const owner = fastSigner(seedOf('guard-owner'))
  const agents = [1, 2, 3].map((i) => fastSigner(seedOf(`guard-key-agent-${i}`)))
  const chain = await links(owner, agents, owner.did(), Math.floor(Date.now() / 1000) + 3 * 3600)
  return chainOf('did:key', service, owner.did(), agents[2]!, chain.map((d) => d.cid), chain.map((d) => d.bytes))
}
