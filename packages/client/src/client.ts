/**
 * `createClient`: one object for an app or an agent, the same in browsers
 * and Node. It owns a key (non-extractable WebCrypto in browsers, a 0600
 * key file in Node), signs in once with a wallet, and from then on signs
 * every invocation, delegation and revocation with that key alone.
 */
import type { DID, Signer } from '@capchain/core/principal'
import type { StorageOp } from '@capchain/storage'
import type { Authority } from './authority/authority.js'
import { importDelegation, importedAuthority } from './authority/imported.js'
import { sessionAuthority } from './authority/session.js'
import { NoAuthorityError, NotSignedInError, UnknownDelegationError } from './errors.js'
import { delegate } from './grant/delegate.js'
import type { DelegateOptions } from './grant/delegate.js'
import { grantRevocation, sessionRevocation } from './revoke/revoke.js'
import { signIn } from './session/sign-in.js'
import type { SignInOptions } from './session/sign-in.js'
import type { StorageApi } from './storage/interface.js'
import { storageApi } from './storage/storage.js'
import { defaultStore } from './store/default.js'
import { EMPTY_RECORDS } from './store/interface.js'
import type { ClientRecords, ClientStore, ImportedRecord, IssuedRecord, SessionRecord } from './store/interface.js'
import { readClock } from './time/clock.js'
import type { Clock } from './time/clock.js'
import { authorizationHeader, expectOk, json, send } from './transport/http.js'
import type { Wallet } from './wallet/interface.js'
import { walletProvider } from './wallet/wallet-provider.js'

export interface ClientOptions {
  /** The storage service's base URL. */
  readonly service: string | URL
  /** The service's DID (the `aud` of every invocation). Default: asked once from `GET /info`. */
  readonly serviceDid?: DID
  /** Default: IndexedDB in a browser, `~/.capchain/client` in Node. */
  readonly store?: ClientStore
  /** The SIWE domain to sign in for. Default: the page's host in a browser, the service's host in Node. */
  readonly domain?: string
  readonly fetch?: typeof fetch
  /**
   * The clock every token this client makes is dated by, in whole Unix seconds: the sign-in's
   * `Issued At` and `Expiration Time`, grants' `exp`, invocations' and revocations' `iat` and `exp`,
   * and which session is current. Default: the system clock. A test or a demo fixes or moves it.
   */
  readonly now?: Clock
}

/**
 * Builds a grant from this client's key under one of its authorities (the
 * session, or an imported delegation): what `issue` signs with and records.
 */
export type GrantBuilder = (key: Signer, authority: Authority) => Promise<IssuedRecord>

/** What the service answered to a revocation. */
export interface RevocationReceipt {
  readonly revoked: string
  readonly revoker: DID
  /** `false` when it had been revoked already. */
  readonly recorded: boolean
}

export interface CapchainClient {
  /** This client's DID: what others delegate to. */
  readonly did: DID
  /** The client's clock (`ClientOptions.now`), in Unix seconds: what a `GrantBuilder` dates its grant by. @throws {ClientInputError} the clock answered no whole seconds */
  now(): number
  /** The current wallet session, if signed in (the latest one not revoked or expired). */
  session(): SessionRecord | undefined
  /**
   * Sign in with a wallet: exactly one signature prompt. An EIP-1193 provider, a viem
   * `WalletClient` or local `Account`, or an ethers v6 `Signer` (docs/client.md, "Wallets").
   * @throws {ClientInputError} both `expiresIn` and `expiresAt`, or an end not after the clock
   * @throws {UnsupportedWalletError} `wallet` is none of these
   * @throws {WalletRequestError} the wallet refused or failed
   */
  signIn(wallet: Wallet, options?: SignInOptions): Promise<SessionRecord>
  /**
   * Grant `to` access to some paths, as a string to hand over (`container`).
   * @throws {NotSignedInError} no session and no `via`
   * @throws {ClientInputError | CapchainError} a grant that cannot be built (both `expiresIn` and `expiresAt`, an end not after the clock, …)
   */
  delegate(to: DID, options?: DelegateOptions): Promise<IssuedRecord>
  /**
   * Issue the grant `build` makes with this client's key, under the session or `via`, and keep it
   * among `issued()` (exportable, revocable like `delegate`'s). How a profile's subpath
   * (`@capchain/client/evm`) grants without adding its code to this entry's bundle.
   * @throws {NotSignedInError} no session and no `via`
   * @throws {NoAuthorityError} `via` is no session or delegation this client holds
   * @throws {ClientInputError | CapchainError} what `build` refuses
   */
  issue(build: GrantBuilder, options?: { readonly via?: string }): Promise<IssuedRecord>
  /** The string of a grant this client issued. @throws {UnknownDelegationError} */
  exportDelegation(cid: string): string
  /**
   * Accept a string another agent made with `delegate`: its chains must reach this client's key.
   * @throws {DelegationImportError}
   */
  importDelegation(container: string): Promise<ImportedRecord>
  sessions(): readonly SessionRecord[]
  issued(): readonly IssuedRecord[]
  imported(): readonly ImportedRecord[]
  /**
   * Revoke a grant this client issued (no prompt), or one of its sessions (one wallet prompt: pass `provider`, any wallet `signIn` accepts).
   * @throws {UnknownDelegationError} a CID this client holds no witness path for
   * @throws {UnsupportedWalletError} `provider` is not a wallet
   * @throws {ServiceError} the service refused the revocation
   */
  revoke(cid: string, options?: { readonly provider?: Wallet }): Promise<RevocationReceipt>
  /** Files, under the session if signed in, else under the imported delegation that covers each operation. */
  readonly storage: StorageApi
  /** Files under one authority: a session's or an imported delegation's CID. */
  storageVia(id: string): StorageApi
}

/**
 * A client with its key and records loaded (the key is created on first use).
 * @throws {KeyStoreError} the store cannot be read
 */
export async function createClient(options: ClientOptions): Promise<CapchainClient> {
  const base = new URL(options.service)
  if (!base.pathname.endsWith('/')) base.pathname += '/'
  const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis)
  const now = () => readClock(options.now)
  const store = options.store ?? defaultStore()
  const key = await store.key()
  const did = key.did()
  const domain = options.domain ?? (typeof location === 'undefined' ? base.host : location.host)
  let records: ClientRecords = (await store.load()) ?? EMPTY_RECORDS
  let saving = Promise.resolve()
  let serviceDid: Promise<DID> | undefined = options.serviceDid === undefined ? undefined : Promise.resolve(options.serviceDid)

  const service = () =>
    (serviceDid ??= (async () => (await json<{ did: DID }>(await expectOk(await send(fetchImpl, new URL('info', base), {})))).did)())

  const update = async (change: (current: ClientRecords) => ClientRecords): Promise<void> => {
    records = change(records)
    const snapshot = records
    // Saves run one after another; a failed one is reported to its caller and does not block the next.
    saving = saving.catch(() => undefined).then(() => store.save(snapshot))
    await saving
  }

  // Decoded once per change of the records, not per request; latest first.
  let decoded: { readonly from: ClientRecords; readonly authorities: readonly Authority[] } | undefined
  const authorities = (): readonly Authority[] => {
    if (decoded?.from !== records) {
      decoded = {
        from: records,
        authorities: [
          ...records.sessions.map(sessionAuthority).reverse(),
          ...records.imported.map((record) => importedAuthority(record, did)).reverse(),
        ],
      }
    }
    return decoded.authorities
  }
  const current = () => {
    const at = now()
    return [...records.sessions].reverse().find((record) => !record.revoked && record.expiration > at)
  }

  /** The authority for `op`: the session, else an imported delegation covering `op`, else any (the service explains the denial). */
  const authorityFor = (op: StorageOp): Authority => {
    const session = current()
    if (session !== undefined) return authorityById(session.cid)
    const imported = authorities().filter((authority) => authority.kind === 'delegation')
    const chosen = imported.find((authority) => authority.chains[op] !== undefined) ?? imported[0]
    if (chosen === undefined) throw new NoAuthorityError('this client has neither a session nor an imported delegation: sign in or import one')
    return chosen
  }
  const authorityById = (id: string): Authority => {
    const found = authorities().find((authority) => authority.id === id)
    if (found === undefined) throw new NoAuthorityError(`this client holds no session or delegation ${id}`)
    return found
  }
  const storageFor = (pick: (op: StorageOp) => Authority) =>
    storageApi({ base, fetch: fetchImpl, key: () => Promise.resolve(key), service, now, authority: pick })

  const postRevocation = async (container: string): Promise<RevocationReceipt> =>
    json<RevocationReceipt>(
      await expectOk(await send(fetchImpl, new URL('revoke', base), { method: 'POST', headers: { authorization: authorizationHeader(container) } })),
    )

  const issue = async (build: GrantBuilder, issueOptions: { readonly via?: string } = {}): Promise<IssuedRecord> => {
    let authority: Authority
    if (issueOptions.via !== undefined) authority = authorityById(issueOptions.via)
    else {
      const session = current()
      if (session === undefined) throw new NotSignedInError('delegate')
      authority = authorityById(session.cid)
    }
    const record = await build(key, authority)
    await update((r) => ({ ...r, issued: [...r.issued, record] }))
    return record
  }

  return {
    did,
    now,
    session: current,
    async signIn(wallet, signInOptions) {
      const record = await signIn(wallet, key, domain, now(), signInOptions)
      await update((r) => ({ ...r, sessions: [...r.sessions, record] }))
      return record
    },
    issue,
    delegate(to, delegateOptions = {}) {
      return issue((signer, authority) => delegate(signer, authority, to, now(), delegateOptions), delegateOptions)
    },
    exportDelegation(cid) {
      const record = records.issued.find((issued) => issued.cid === cid)
      if (record === undefined) throw new UnknownDelegationError(cid)
      return record.container
    },
    async importDelegation(container) {
      const record = await importDelegation(container, did, now())
      await update((r) => ({ ...r, imported: [...r.imported.filter((known) => known.cid !== record.cid), record] }))
      return record
    },
    sessions: () => records.sessions,
    issued: () => records.issued,
    imported: () => records.imported,
    async revoke(cid, revokeOptions = {}) {
      const grant = records.issued.find((issued) => issued.cid === cid)
      const session = records.sessions.find((known) => known.cid === cid)
      let container: string
      if (grant !== undefined) container = await grantRevocation(key, await service(), grant, now())
      else if (session !== undefined) {
        const provider = revokeOptions.provider === undefined ? undefined : walletProvider(revokeOptions.provider)
        container = await sessionRevocation(provider, await service(), session, now())
      }
      else throw new UnknownDelegationError(cid)
      const receipt = await postRevocation(container)
      await update((r) => ({
        ...r,
        issued: r.issued.map((issued) => (issued.cid === cid ? { ...issued, revoked: true } : issued)),
        sessions: r.sessions.map((known) => (known.cid === cid ? { ...known, revoked: true } : known)),
      }))
      return receipt
    },
    storage: storageFor(authorityFor),
    storageVia: (id) => storageFor(() => authorityById(id)),
  }
}
