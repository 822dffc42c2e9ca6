/**
 * Revocation: who may revoke (an upstream principal, directly or through a
 * delegated `/ucan/revoke`), what a revocation denies (every chain where the
 * revoker is upstream of the link), and the wallet revoking a whole session
 * with one signature.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { eip191Digest } from '@capchain/core/envelope'
import { generateSigner, isDigestVerifier } from '@capchain/core/principal'
import type { DID, DigestSigner, Signer } from '@capchain/core/principal'
import { createDelegation, createInvocation } from '@capchain/core/token'
import type { Delegation, Invocation } from '@capchain/core/token'
import { addressFromPublicKey } from '@capchain/siwe'
import type { StateStore } from '@capchain/store'
import { openSqliteStore } from '@capchain/store-sqlite'
import { AudienceMismatchError, CommandEscalationError, PolicyViolationError, PrincipalMisalignedError, RevokedError } from '@capchain/verifier'
import type { RootVerifier } from '@capchain/verifier'
import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  createRevocation,
  createStorageVerifier,
  InvalidRevocationError,
  revokeDelegation,
  RevokerNotUpstreamError,
} from '../src/index.js'
import type { AcceptedRevocation, RevocationRequest, StorageResult, StorageVerifier } from '../src/index.js'
import { accepted, authorize, DAY, denied, grant, invoke, makeWorld, memoryStore, NOW } from './fixtures.js'
import type { World } from './fixtures.js'

let world: World
let store: StateStore
/** user → session (everything), session → agent (read /photos), agent → subAgent (read /photos/cats). */
let toSession: Delegation
let toAgent: Delegation
let toSubAgent: Delegation

beforeAll(async () => {
  world = await makeWorld()
  toSession = (await grant({ issuer: world.user, audience: world.session.did(), ops: ['read', 'write', 'list', 'delete'], path: '/' })).head
  toAgent = (await grant({ issuer: world.session, audience: world.agent.did(), parent: [toSession], ops: ['read'], path: '/photos' })).head
  toSubAgent = (await grant({ issuer: world.agent, audience: world.subAgent.did(), parent: [toSession, toAgent], ops: ['read'], path: '/photos/cats' })).head
})
beforeEach(() => {
  store = memoryStore()
})

const subAgentChain = () => [toSession, toAgent, toSubAgent]

async function subAgentRead(target = store, verifier?: StorageVerifier) {
  const invocation = await invoke({ issuer: world.subAgent, service: world.service.did(), op: 'read', path: '/photos/cats/1.jpg', size: 1, chain: subAgentChain() })
  return authorize(invocation, subAgentChain(), target, world.service.did(), verifier === undefined ? {} : { verifier })
}

async function agentRead(target = store) {
  const chain = [toSession, toAgent]
  const invocation = await invoke({ issuer: world.agent, service: world.service.did(), op: 'read', path: '/photos/1.jpg', size: 1, chain })
  return authorize(invocation, chain, target, world.service.did())
}

function revoke(
  invocation: Invocation,
  tokens: readonly Delegation[],
  overrides: Partial<RevocationRequest> = {},
): Promise<StorageResult<AcceptedRevocation>> {
  return revokeDelegation({
    invocation: invocation.bytes,
    proofs: tokens.map((d) => d.bytes),
    service: world.service.did(),
    store,
    now: NOW,
    ...overrides,
  })
}

/** A revocation by `issuer` of the last link of `path`; with `proofs`, on behalf of their subject. */
const revocation = (issuer: Signer, path: readonly Delegation[], proofs?: readonly Delegation[]) =>
  createRevocation({
    issuer,
    service: world.service.did(),
    path,
    ...(proofs === undefined ? {} : { proofs, onBehalfOf: proofs[0]!.payload.sub! }),
    expiration: NOW + 300,
  })

describe('who may revoke', () => {
  it.each([
    ['the issuer of the delegation itself', () => world.agent],
    ['the issuer of a delegation above it', () => world.session],
    ['the subject, at the root', () => world.user],
  ])('accepts %s', async (_who, revoker) => {
    accepted(await subAgentRead())
    const value = accepted(await revoke(await revocation(revoker(), subAgentChain()), subAgentChain()))
    expect(value).toMatchObject({ revoker: revoker().did(), recorded: true })
    expect(value.revoked.toString()).toBe(toSubAgent.cid.toString())
    expect(denied(await subAgentRead(), RevokedError).cid).toBe(toSubAgent.cid.toString())
    // The link above it is untouched: the agent still reads on its own.
    accepted(await agentRead())
  })

  it('refuses the delegate of the revoked link (it is downstream), and anyone outside the chain', async () => {
    for (const outsider of [world.subAgent, world.outsider]) {
      const error = denied(await revoke(await revocation(outsider, subAgentChain()), subAgentChain()), RevokerNotUpstreamError)
      expect(error).toMatchObject({ code: 'ERR_REVOKER_NOT_UPSTREAM', cid: toSubAgent.cid.toString() })
    }
    accepted(await subAgentRead())
    expect(await store.revocations.lookup([toSubAgent.cid.toString()])).toEqual([])
  })

  it('accepts a revocation delegated with /ucan/revoke by an upstream principal, within its policy', async () => {
    const helper = await generateSigner('Ed25519')
    const mandate = await createDelegation({
      issuer: world.user,
      audience: helper.did(),
      subject: world.user.did(),
      command: '/ucan/revoke',
      policy: [['==', '.revoke', toAgent.cid]],
      expiration: NOW + DAY,
    })
    const value = accepted(await revoke(await revocation(helper, [toSession, toAgent], [mandate]), [mandate, toSession, toAgent]))
    expect(value.revoker).toBe(world.user.did())
    denied(await agentRead(), RevokedError)
    denied(await subAgentRead(), RevokedError)
    // The mandate names one CID; another is refused by its policy.
    denied(await revoke(await revocation(helper, [toSession], [mandate]), [mandate, toSession]), PolicyViolationError)
  })

  it('does not let a storage grant stand in for revocation authority', async () => {
    // The agent holds /storage/read from the user; that is not /ucan/revoke on the user's behalf.
    const viaGrant = await createInvocation({
      issuer: world.agent,
      subject: world.user.did(),
      audience: world.service.did(),
      command: '/ucan/revoke',
      args: { revoke: toSession.cid, path: [toSession.cid] },
      proofs: [toSession.cid, toAgent.cid],
      expiration: NOW + 300,
    })
    denied(await revoke(viaGrant, [toSession, toAgent]), CommandEscalationError)
    accepted(await agentRead())
  })
})

describe('what a revocation denies', () => {
  it('denies every invocation under the revoked link, and is idempotent', async () => {
    accepted(await revoke(await revocation(world.session, [toSession, toAgent]), [toSession, toAgent]))
    denied(await agentRead(), RevokedError)
    denied(await subAgentRead(), RevokedError)
    const again = accepted(await revoke(await revocation(world.session, [toSession, toAgent]), [toSession, toAgent]))
    expect(again.recorded).toBe(false)
  })

  it("only counts where the revoker is upstream: an outsider's revocation of a powerline binds only its own chains", async () => {
    const device = await generateSigner('Ed25519')
    // The agent passes on whatever it holds to its device (a powerline, sub: null).
    const powerline = await createDelegation({ issuer: world.agent, audience: device.did(), subject: null, command: '/storage/read', expiration: NOW + DAY })
    const chain = [toSession, toAgent, powerline]
    const deviceRead = async () =>
      authorize(await invoke({ issuer: device, service: world.service.did(), op: 'read', path: '/photos/a', size: 1, chain }), chain, store, world.service.did())
    accepted(await deviceRead())
    // The outsider roots its own chain at the agent and hangs the powerline under it: a valid path, in which it is upstream.
    const outsiderRoot = await createDelegation({ issuer: world.outsider, audience: world.agent.did(), subject: world.outsider.did(), command: '/', expiration: NOW + DAY })
    const value = accepted(await revoke(await revocation(world.outsider, [outsiderRoot, powerline]), [outsiderRoot, powerline]))
    expect(value.revoker).toBe(world.outsider.did())
    // In the user's chain the outsider is nowhere: the device still reads.
    accepted(await deviceRead())
    // The agent, upstream in both, revokes it for real.
    accepted(await revoke(await revocation(world.agent, chain), chain))
    denied(await deviceRead(), RevokedError)
  })

  it('persists across closing and reopening the SQLite store', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'capchain-revocation-'))
    try {
      const file = join(dir, 'state.db')
      const first = openSqliteStore(file)
      accepted(await revoke(await revocation(world.agent, subAgentChain()), subAgentChain(), { store: first }))
      await first.close()
      const second = openSqliteStore(file)
      denied(await subAgentRead(second), RevokedError)
      accepted(await agentRead(second))
      await second.close()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('malformed revocations', () => {
  async function custom(args: Record<string, unknown>, command = '/ucan/revoke', audience: DID = world.service.did()) {
    return createInvocation({ issuer: world.agent, subject: world.agent.did(), audience, command, args: args as never, proofs: [], expiration: NOW + 300 })
  }
  const tokens = () => subAgentChain()

  it.each([
    ['no path', { revoke: 'cid' }],
    ['a revoke that is not a CID', { revoke: 'bafy', path: [] }],
    ['an extra argument', { revoke: 'x', path: [], reason: 'spam' }],
  ])('refuses %s', async (_what, args) => {
    const resolved = { ...args, ...(args.revoke === 'cid' ? { revoke: toSubAgent.cid } : {}) }
    denied(await revoke(await custom(resolved), tokens()), InvalidRevocationError)
  })

  it('refuses a path that does not end with the revoked delegation', async () => {
    const invocation = await custom({ revoke: toSubAgent.cid, path: [toSession.cid, toAgent.cid] })
    denied(await revoke(invocation, tokens()), InvalidRevocationError)
  })

  it('refuses a path whose tokens were not supplied', async () => {
    const invocation = await custom({ revoke: toSubAgent.cid, path: [toSession.cid, toAgent.cid, toSubAgent.cid] })
    const error = denied(await revoke(invocation, [toSession, toSubAgent]), InvalidRevocationError)
    expect(error.at).toBe('args.path[1]')
  })

  it('refuses a path that is not a chain', async () => {
    const invocation = await custom({ revoke: toSubAgent.cid, path: [toSession.cid, toSubAgent.cid] })
    denied(await revoke(invocation, tokens()), PrincipalMisalignedError)
  })

  it('refuses another command, and a revocation addressed elsewhere', async () => {
    denied(await revoke(await custom({ revoke: toSubAgent.cid, path: [toSubAgent.cid] }, '/storage/delete'), tokens()), InvalidRevocationError)
    const elsewhere = await custom({ revoke: toSubAgent.cid, path: subAgentChain().map((d) => d.cid) }, '/ucan/revoke', world.outsider.did())
    denied(await revoke(elsewhere, tokens()), AudienceMismatchError)
  })
})

describe('the wallet revokes a whole session with one signature', () => {
  // A wallet account as a did:pkh that signs UCAN envelopes with EIP-191
  // (varsig EIP191 over the DAG-CBOR payload), and a root verifier for it.
  // This stands in for the SIWE root of @capchain/siwe; the revocation side
  // is the same for both (docs/storage.md, "The wallet's one signature").
  let walletKey: DigestSigner
  let wallet: DigestSigner
  let signatures = 0
  let verifier: StorageVerifier

  beforeAll(async () => {
    walletKey = await generateSigner('secp256k1')
    const did = `did:pkh:eip155:1:${addressFromPublicKey(walletKey.publicKey)}` as DID
    wallet = {
      keyType: 'secp256k1',
      publicKey: walletKey.publicKey,
      did: () => did,
      verify: (message, signature) => walletKey.verify(message, signature),
      sign: (message) => walletKey.sign(message),
      signDigest: (digest) => {
        signatures++
        return walletKey.signDigest(digest)
      },
      exportSecret: () => walletKey.exportSecret(),
      toVerifier: () => walletKey.toVerifier(),
    }
    const account = walletKey.toVerifier()
    const pkh: RootVerifier = async (root) =>
      root.payload.iss === did &&
      root.envelope.header.alg === 'EIP191' &&
      isDigestVerifier(account) &&
      account.verifyDigest(eip191Digest(root.envelope.signedBytes), root.envelope.signature)
    verifier = createStorageVerifier({ rootVerifiers: { pkh } })
  })

  it('denies everything under the session once the wallet revokes its root', async () => {
    const walletRoot = (input: { audience: DID; command: string; policy?: Delegation['payload']['pol'] }) =>
      createDelegation({ ...input, issuer: wallet, subject: wallet.did(), expiration: NOW + DAY }, { algorithm: 'EIP191' })
    // Sign-in: the wallet's root gives the session key everything under /storage.
    const sessionRoot = await walletRoot({ audience: world.session.did(), command: '/storage' })
    const agentGrant = await grant({ issuer: world.session, audience: world.agent.did(), parent: [sessionRoot], ops: ['read'], path: '/photos' })
    const chain = agentGrant.chains.read!
    const read = async () =>
      authorize(await invoke({ issuer: world.agent, service: world.service.did(), op: 'read', path: '/photos/a', size: 1, chain }), chain, store, world.service.did(), { verifier })
    accepted(await read())

    // Revocation: one wallet signature, a root granting /ucan/revoke of the session root to a throwaway key.
    signatures = 0
    const throwaway = await generateSigner('Ed25519')
    const mandate = await walletRoot({ audience: throwaway.did(), command: '/ucan/revoke', policy: [['==', '.revoke', sessionRoot.cid]] })
    const invocation = await revocation(throwaway, [sessionRoot], [mandate])
    const value = accepted(await revoke(invocation, [mandate, sessionRoot], { verifier }))
    expect(signatures).toBe(1)
    expect(value).toMatchObject({ revoker: wallet.did(), recorded: true })

    expect(denied(await read(), RevokedError).cid).toBe(sessionRoot.cid.toString())
    // The throwaway key can revoke nothing else.
    denied(await revoke(await revocation(throwaway, [sessionRoot, agentGrant.head], [mandate]), [mandate, sessionRoot, agentGrant.head], { verifier }), PolicyViolationError)
  })
})
