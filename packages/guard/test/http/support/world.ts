/**
 * The world of the guard's HTTP tests: a service DID, a memory store, a
 * wallet signed in with a real SIWE root for the notes app's domain, and
 * invocations under it sent in `Authorization: UCAN <container>`.
 */
import { createDelegation, createInvocation, encodeContainerString, generateSigner } from '@capchain/core'
import type { Delegation, DID, Invocation, IPLDMap, Signer } from '@capchain/core'
import { cacaoIdentity, createSiweRoot, siweRootFormat } from '@capchain/siwe'
import type { RootCapability, SiweRoot } from '@capchain/siwe'
import { createMemoryStore } from '@capchain/store'
import { createGuard } from '../../../src/http/guard.js'
import type { GuardEvent } from '../../../src/http/config.js'
import type { Guard } from '../../../src/http/guard.js'
import { personalSign, VICTIM } from '../../../../attacks/test/support/siwe.js'

/** The domain the notes app's users sign in to. */
export const DOMAIN = 'notes.example'

export const unixNow = (): number => Math.floor(Date.now() / 1000)

/** A guard for a fresh notes service: its own key, a memory store, SIWE roots for {@link DOMAIN}; what it logs goes to `events`. */
export async function notesGuard(events: GuardEvent[] = []): Promise<Guard> {
  const key = await generateSigner('Ed25519')
  return createGuard({
    service: key.did(),
    store: createMemoryStore(),
    rootFormats: [siweRootFormat({ domains: [DOMAIN] })],
    log: (event) => void events.push(event),
  })
}

export interface Session {
  readonly key: Signer
  readonly root: SiweRoot
  /** The wallet's did:pkh. */
  readonly subject: DID
  /** The ledger key of the root's cap: its identity. */
  readonly capKey: string
}

/** The wallet signs in, delegating `capabilities` (default everything under `/notes`) to a fresh session key. */
export async function signIn(capabilities: readonly RootCapability[] = [{ command: '/notes', policy: [] }]): Promise<Session> {
  const key = await generateSigner('Ed25519')
  const now = unixNow()
  const root = await createSiweRoot({
    domain: DOMAIN,
    address: VICTIM.address,
    chainId: 1,
    uri: key.did(),
    issuedAt: new Date(now * 1000),
    expirationTime: new Date((now + 3600) * 1000),
    capabilities,
    signMessage: async (message) => personalSign(message, VICTIM),
  })
  return { key, root, subject: VICTIM.did, capKey: cacaoIdentity(root.fields).toString() }
}

export interface InvokeInput {
  readonly command: string
  readonly args: IPLDMap
  /** Default the guard's service. */
  readonly audience?: DID
  /** Default the session key (or the last delegation's audience's key, given as `issuer`). */
  readonly issuer?: Signer
  /** Delegations below the root, root side first. */
  readonly chain?: readonly Delegation[]
}

/** An invocation under the session's root and its `Authorization` header. */
export async function invoke(guard: Guard, session: Session, input: InvokeInput): Promise<{ invocation: Invocation; header: string }> {
  const chain = input.chain ?? []
  const invocation = await createInvocation({
    issuer: input.issuer ?? session.key,
    subject: session.subject,
    audience: input.audience ?? guard.config.service,
    command: input.command,
    args: input.args,
    proofs: [session.root.cid, ...chain.map((link) => link.cid)],
    expiration: unixNow() + 300,
  })
  return { invocation, header: `UCAN ${encodeContainerString([invocation.bytes, session.root.cacao, ...chain.map((link) => link.bytes)])}` }
}

/** A delegation from the session key to `audience`, of everything under `/notes`. */
export function delegate(session: Session, audience: Signer, expiration: number = unixNow() + 3600): Promise<Delegation> {
  return createDelegation({ issuer: session.key, audience: audience.did(), subject: session.subject, command: '/notes', policy: [], expiration })
}
