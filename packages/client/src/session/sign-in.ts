import type { Signer } from '@capchain/core/principal'
import { createSiweSession } from '@capchain/siwe'
import type { Eip1193Provider } from '@capchain/siwe'
import { STORAGE_COMMAND } from '@capchain/storage'
import type { SessionRecord } from '../store/interface.js'
import { containerOf } from '../tokens.js'

export interface SignInOptions {
  /** Seconds until the session, and everything delegated under it, expires. Default 24 hours. */
  readonly expiresIn?: number
  /** The app's own statement, shown by the wallet; the ReCap text is appended to it. */
  readonly statement?: string
  /** Default: the wallet's current chain. */
  readonly chainId?: number
}

export const DEFAULT_SESSION_LIFETIME = 24 * 3600

/**
 * One wallet prompt: a SIWE message whose ReCap grants `storage/*` (the
 * UCAN command `/storage`) to `key`. Only that one ability: a root with a
 * single ability can later be revoked by its own CID (docs/storage.md,
 * "Revocation"), and `/storage` covers every operation.
 *
 * @throws {WalletRequestError} the wallet refused or failed
 * @throws {CapchainError} the message cannot be built (a bad domain or chain id)
 */
export async function signIn(provider: Eip1193Provider, key: Signer, domain: string, options: SignInOptions = {}): Promise<SessionRecord> {
  const session = await createSiweSession({
    provider,
    domain,
    abilities: [{ command: STORAGE_COMMAND, policy: [] }],
    expiresIn: options.expiresIn ?? DEFAULT_SESSION_LIFETIME,
    statement: options.statement ?? `Sign in to the storage service at ${domain}.`,
    sessionKey: key,
    ...(options.chainId === undefined ? {} : { chainId: options.chainId }),
  })
  return {
    cid: session.root.cid.toString(),
    subject: session.subject,
    domain,
    expiration: session.expiration,
    container: containerOf([session.root.cacao]),
    revoked: false,
  }
}
