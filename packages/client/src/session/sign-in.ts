import type { Signer } from '@capchain/core/principal'
import { createSiweSession } from '@capchain/siwe'
import { STORAGE_COMMAND } from '@capchain/storage'
import type { SessionRecord } from '../store/interface.js'
import { containerOf } from '../tokens.js'
import type { Wallet } from '../wallet/interface.js'
import { walletProvider } from '../wallet/wallet-provider.js'

export interface SignInOptions {
  /** Seconds until the session, and everything delegated under it, expires. Default 24 hours. */
  readonly expiresIn?: number
  /** The app's own statement, shown by the wallet; the ReCap text is appended to it. */
  readonly statement?: string
  /** Default: the wallet's current chain. Needed for a wallet with no chain of its own (a viem `Account`, an ethers `Wallet` without a provider). */
  readonly chainId?: number
}

export const DEFAULT_SESSION_LIFETIME = 24 * 3600

/**
 * One wallet prompt: a SIWE message whose ReCap grants `storage/*` (the
 * UCAN command `/storage`) to `key`. Only that one ability: a root with a
 * single ability can later be revoked by its own CID (docs/storage.md,
 * "Revocation"), and `/storage` covers every operation.
 *
 * `wallet` is any kind `walletProvider` recognises (docs/client.md, "Wallets").
 *
 * @throws {UnsupportedWalletError} `wallet` is none of the accepted kinds
 * @throws {WalletRequestError} the wallet refused or failed, or has no chain and `chainId` was not given
 * @throws {CapchainError} the message cannot be built (a bad domain or chain id)
 */
export async function signIn(wallet: Wallet, key: Signer, domain: string, options: SignInOptions = {}): Promise<SessionRecord> {
  const session = await createSiweSession({
    provider: walletProvider(wallet),
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
