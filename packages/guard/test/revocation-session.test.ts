/**
 * Revoking a SIWE session that grants several commands by its own CID: the
 * witness path is the root alone, verified for itself (signature, time,
 * issuer, identity) whichever grant it stands for. The wallet revokes it
 * through a `/ucan/revoke` mandate; every chain under the root is then
 * denied, whatever command it uses. Near misses: the session key or another
 * wallet as revoker, the session root as a proof of `/ucan/revoke` or of a
 * command it does not grant, an expired root, the same revocation twice.
 */
import { generateSigner } from '@capchain/core/principal'
import type { DID, Signer } from '@capchain/core/principal'
import { createDelegation, createInvocation } from '@capchain/core/token'
import type { Delegation, IPLDMap } from '@capchain/core/token'
import { createSiweRoot, siweRootFormat } from '@capchain/siwe'
import type { RootCapability, SiweRoot } from '@capchain/siwe'
import type { StateStore } from '@capchain/store'
import { CommandEscalationError, RevokedError, RootRejectedError, SubjectMismatchError } from '@capchain/verifier'
import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { ATTACKER, personalSign, VICTIM } from '../../attacks/test/support/siwe.js'
import type { Wallet } from '../../attacks/test/support/siwe.js'
import {
  authorizeInvocation,
  createRevocation,
  createServiceVerifier,
  ReplayError,
  REVOKE_COMMAND,
  revokeDelegation,
  RevokerNotUpstreamError,
  routeRequirement,
} from '../src/index.js'
import type { RouteRequirement } from '../src/index.js'
import { accepted, denied, memoryStore, NOW } from './fixtures.js'

const DOMAIN = 'notes.example'
const HOUR = 3600
const verifier = createServiceVerifier({ rootFormats: [siweRootFormat({ domains: [DOMAIN] })] })

let service: Signer
let sessionKey: Signer
let agent: Signer
/** The session: `/notes` and `/evm/call` in one SIWE message, for an hour from NOW. */
let session: SiweRoot
let store: StateStore

/** `wallet` signs in at `at`, granting `capabilities` to `key` for an hour. */
function signIn(wallet: Wallet, key: Signer, capabilities: readonly RootCapability[], at: number = NOW): Promise<SiweRoot> {
  return createSiweRoot({
    domain: DOMAIN,
    address: wallet.address,
    chainId: 1,
    uri: key.did(),
    issuedAt: new Date(at * 1000),
    expirationTime: new Date((at + HOUR) * 1000),
    capabilities,
    signMessage: async (message) => personalSign(message, wallet),
  })
}

/** `wallet` grants `/ucan/revoke` to a throwaway key, which revokes `session` on `onBehalfOf`'s behalf at `at` (the client's way). */
async function walletRevocation(wallet: Wallet, at: number = NOW, onBehalfOf: DID = VICTIM.did) {
  const throwaway = await generateSigner('Ed25519')
  const mandate = await signIn(wallet, throwaway, [{ command: REVOKE_COMMAND, policy: [] }], at)
  const invocation = await createRevocation({
    issuer: throwaway,
    service: service.did(),
    path: [session],
    proofs: [mandate],
    onBehalfOf,
    expiration: at + 300,
  })
  return { invocation: invocation.bytes, proofs: [mandate.cacao, session.cacao], service: service.did(), store, verifier, now: at }
}

const route = (command: string): RouteRequirement<IPLDMap> => ({ command, args: (args) => args })

/** The session key (or `issuer`, through `chain`) invokes `command` under the session root at NOW. */
async function use(command: string, chain?: { readonly issuer: Signer; readonly proof: Delegation }) {
  const args = { id: 'n1' }
  const invocation = await createInvocation({
    issuer: chain?.issuer ?? sessionKey,
    subject: VICTIM.did,
    audience: service.did(),
    command,
    args,
    proofs: [session.cid, ...(chain === undefined ? [] : [chain.proof.cid])],
    expiration: NOW + 300,
    issuedAt: NOW,
  })
  const proofs = [session.cacao, ...(chain === undefined ? [] : [chain.proof.bytes])]
  return authorizeInvocation({ invocation: invocation.bytes, proofs, service: service.did(), store, verifier, now: NOW }, await routeRequirement(route(command), args))
}

beforeAll(async () => {
  ;[service, sessionKey, agent] = (await Promise.all([0, 1, 2].map(() => generateSigner('Ed25519')))) as [Signer, Signer, Signer]
  session = await signIn(VICTIM, sessionKey, [
    { command: '/notes', policy: [] },
    { command: '/evm/call', policy: [] },
  ])
})

beforeEach(() => {
  store = memoryStore()
})

describe('revoking a session with several commands by its CID', () => {
  it('records the wallet’s revocation under the root; its /notes and /evm/call chains, direct or delegated, are then denied', async () => {
    const toAgent = await createDelegation({ issuer: sessionKey, audience: agent.did(), subject: VICTIM.did, command: '/evm/call', expiration: NOW + HOUR })
    accepted(await use('/notes/read'))
    accepted(await use('/evm/call'))
    accepted(await use('/evm/call', { issuer: agent, proof: toAgent }))

    const value = accepted(await revokeDelegation(await walletRevocation(VICTIM)))
    expect(value).toMatchObject({ revoker: VICTIM.did, recorded: true })
    expect(value.revoked.equals(session.cid)).toBe(true)

    denied(await use('/notes/read'), RevokedError)
    denied(await use('/evm/call'), RevokedError)
    denied(await use('/evm/call', { issuer: agent, proof: toAgent }), RevokedError)
  })

  it('refuses the session key revoking the root on its own behalf: it issued nothing in the path', async () => {
    const invocation = await createRevocation({ issuer: sessionKey, service: service.did(), path: [session], expiration: NOW + 300 })
    const request = { invocation: invocation.bytes, proofs: [session.cacao], service: service.did(), store, verifier, now: NOW }
    denied(await revokeDelegation(request), RevokerNotUpstreamError)
    accepted(await use('/notes/read'))
  })

  it('refuses another wallet’s mandate, on its own behalf or on the wallet’s', async () => {
    denied(await revokeDelegation(await walletRevocation(ATTACKER, NOW, ATTACKER.did)), RevokerNotUpstreamError)
    denied(await revokeDelegation(await walletRevocation(ATTACKER)), SubjectMismatchError)
    accepted(await use('/evm/call'))
  })

  it('keeps the lone root refused as a proof of a command it does not grant, /ucan/revoke included', async () => {
    const invocation = await createRevocation({
      issuer: sessionKey,
      service: service.did(),
      path: [session],
      proofs: [session],
      onBehalfOf: VICTIM.did,
      expiration: NOW + 300,
    })
    const request = { invocation: invocation.bytes, proofs: [session.cacao], service: service.did(), store, verifier, now: NOW }
    denied(await revokeDelegation(request), CommandEscalationError)
    denied(await use('/storage/read'), CommandEscalationError)
    accepted(await use('/notes/read'))
  })

  it('refuses an expired root as the witness, even with a valid mandate', async () => {
    const later = NOW + 2 * HOUR
    const error = denied(await revokeDelegation(await walletRevocation(VICTIM, later)), RootRejectedError)
    expect(error).toMatchObject({ code: 'ERR_ROOT_REJECTED', reason: 'expired', at: 'chain[0]', cid: session.cid.toString() })
  })

  it('executes one revocation once (ReplayError), and a second one records nothing new', async () => {
    const request = await walletRevocation(VICTIM)
    expect(accepted(await revokeDelegation(request)).recorded).toBe(true)
    denied(await revokeDelegation(request), ReplayError)
    expect(accepted(await revokeDelegation(await walletRevocation(VICTIM))).recorded).toBe(false)
    denied(await use('/notes/read'), RevokedError)
  })
})
