/**
 * The storage profile under a real SIWE root (@capchain/siwe, a CAIP-74
 * CACAO the wallet signs): the session key grants an agent read access, the
 * agent reads, and the wallet revokes the whole session with one more
 * signature, a SIWE message granting `ucan/revoke` to a throwaway key.
 */
import { generateSigner, recoverSecp256k1PublicKey } from '@capchain/core/principal'
import type { DID, DigestSigner } from '@capchain/core/principal'
import { cacaoIdentity, createSiweRoot, didPkh, hashPersonalMessage, addressFromPublicKey, siweRootFormat } from '@capchain/siwe'
import type { SiweRoot } from '@capchain/siwe'
import type { IPLDValue } from '@capchain/core/token'
import { RevokedError } from '@capchain/verifier'
import { beforeAll, describe, expect, it } from 'vitest'
import { CapExceededError, capStatement, createRevocation, createStorageVerifier, revokeDelegation, RevokerNotUpstreamError } from '../src/index.js'
import type { StorageGrant, StorageVerifier } from '../src/index.js'
import { accepted, authorize, DAY, denied, grant, invoke, makeWorld, memoryStore, NOW } from './fixtures.js'
import type { World } from './fixtures.js'

const DOMAIN = 'photos.example'

let world: World
let walletKey: DigestSigner
let address: string
let wallet: DID
let verifier: StorageVerifier
let signatures = 0

/** The wallet's `personal_sign`: r ‖ s ‖ v, v = 27 + the recovery bit. */
async function signMessage(message: string): Promise<Uint8Array> {
  signatures++
  const digest = hashPersonalMessage(message)
  const rs = walletKey.signDigest(digest)
  for (const bit of [0, 1]) {
    const signature = Uint8Array.of(...rs, 27 + bit)
    if (Buffer.from(recoverSecp256k1PublicKey(digest, signature)).equals(walletKey.publicKey)) return signature
  }
  throw new Error('no recovery bit reproduces the key')
}

function siweRoot(uri: DID, command: string, policy: IPLDValue[] = []): Promise<SiweRoot> {
  return createSiweRoot({
    signMessage,
    address,
    chainId: 1,
    domain: DOMAIN,
    uri,
    capabilities: [{ command, policy }],
    issuedAt: new Date(NOW * 1000),
    expirationTime: new Date((NOW + DAY) * 1000),
  })
}

beforeAll(async () => {
  world = await makeWorld()
  walletKey = await generateSigner('secp256k1')
  address = addressFromPublicKey(walletKey.publicKey)
  wallet = didPkh(1, address)
  verifier = createStorageVerifier({ rootFormats: [siweRootFormat({ domains: [DOMAIN] })] })
})

describe('a SIWE session', () => {
  let session: SiweRoot
  let photos: StorageGrant

  beforeAll(async () => {
    session = await siweRoot(world.session.did(), '/storage')
    photos = await grant({ issuer: world.session, audience: world.agent.did(), subject: wallet, ops: ['read'], path: '/photos', cap: { uses: 10 } })
  })

  const read = async (store = memoryStore()) => {
    const chain = photos.chains.read!
    const invocation = await invoke({ issuer: world.agent, service: world.service.did(), op: 'read', path: '/photos/a.jpg', size: 1, chain, root: session.cid, subject: wallet })
    return authorize(invocation, chain, store, world.service.did(), { verifier, proofs: [session.cacao, ...chain.map((d) => d.bytes)] })
  }

  it('serves the agent under the wallet, subject the did:pkh', async () => {
    const value = accepted(await read())
    expect(value.authorization.subject).toBe(wallet)
    expect(value.authorization.chain[0]!.toString()).toBe(session.cid.toString())
  })

  it('is revoked whole by one more wallet signature', async () => {
    const store = memoryStore()
    accepted(await read(store))
    signatures = 0
    const throwaway = await generateSigner('Ed25519')
    const mandate = await siweRoot(throwaway.did(), '/ucan/revoke')
    const invocation = await createRevocation({
      issuer: throwaway,
      service: world.service.did(),
      path: [session],
      proofs: [mandate],
      onBehalfOf: wallet,
      expiration: NOW + 300,
    })
    const value = accepted(
      await revokeDelegation({ invocation, proofs: [mandate.cacao, session.cacao], service: world.service.did(), store, now: NOW, verifier }),
    )
    expect(signatures).toBe(1)
    expect(value).toMatchObject({ revoker: wallet, recorded: true })
    expect(denied(await read(store), RevokedError).cid).toBe(session.cid.toString())
  })

  it("cannot be revoked by the session's own delegate", async () => {
    const store = memoryStore()
    const invocation = await createRevocation({ issuer: world.agent, service: world.service.did(), path: [session], expiration: NOW + 300 })
    denied(
      await revokeDelegation({ invocation, proofs: [session.cacao], service: world.service.did(), store, now: NOW, verifier }),
      RevokerNotUpstreamError,
    )
    accepted(await read(store))
  })
})

describe('a cap the wallet signs into its SIWE root', () => {
  it('is charged like a delegation\'s cap, under the root\'s identity', async () => {
    const session = await siweRoot(world.session.did(), '/storage', [capStatement({ uses: 1 })])
    const photos = await grant({ issuer: world.session, audience: world.agent.did(), subject: wallet, ops: ['read'], path: '/photos' })
    const chain = photos.chains.read!
    const store = memoryStore()
    const read = async () => {
      const invocation = await invoke({ issuer: world.agent, service: world.service.did(), op: 'read', path: '/photos/a.jpg', size: 1, chain, root: session.cid, subject: wallet })
      return authorize(invocation, chain, store, world.service.did(), { verifier, proofs: [session.cacao, ...chain.map((d) => d.bytes)] })
    }
    const first = accepted(await read())
    await first.reservation.commit()
    const identity = cacaoIdentity(session.fields).toString()
    expect((await store.ledger.usage([identity, session.cid.toString()])).get(identity)).toEqual({ bytes: 1, uses: 1 })
    expect((await store.ledger.usage([session.cid.toString()])).get(session.cid.toString())).toEqual({ bytes: 0, uses: 0 })
    expect(denied(await read(), CapExceededError).cid).toBe(identity)
  })
})
