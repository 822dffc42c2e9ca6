import type { Signer } from '@capchain/core/principal'
import { createSiweSession } from '@capchain/siwe'
import type { RootCapability } from '@capchain/siwe'
import { STORAGE_COMMAND } from '@capchain/storage'
import type { SessionRecord } from '../store/interface.js'
import { endTime } from '../time/end-time.js'
import type { EndTimeOptions } from '../time/end-time.js'
import { containerOf } from '../tokens.js'
import type { Wallet } from '../wallet/interface.js'
import { walletProvider } from '../wallet/wallet-provider.js'

/** `expiresIn` (seconds) or `expiresAt` (an end time): when the session, and everything delegated under it, expires. Default 24 hours. */
export interface SignInOptions extends EndTimeOptions {
  /** The app's own statement, shown by the wallet; the ReCap text is appended to it. */
  readonly statement?: string
  /** Default: the wallet's current chain. Needed for a wallet with no chain of its own (a viem `Account`, an ethers `Wallet` without a provider). */
  readonly chainId?: number
  /**
   * More abilities for the same one signature, beside `/storage` (e.g. `evmSignInAbilities` from
   * `@capchain/client/evm`). Each `description` is added to the default statement, so the wallet
   * shows in words what the ReCap text names only by command.
   */
  readonly abilities?: readonly SignInAbility[]
}

/** A root capability (UCAN command and policy) with the sentence that tells the user what it allows. */
export interface SignInAbility extends RootCapability {
  /** One sentence, no line break (a SIWE statement is one line), e.g. "Send calls from 0x… on eip155:1." */
  readonly description?: string
}

export const DEFAULT_SESSION_LIFETIME = 24 * 3600

/**
 * One wallet prompt: a SIWE message whose ReCap grants `storage/*` (the
 * UCAN command `/storage`, which covers every operation) to `key`, and
 * `options.abilities` beside it. The session is revoked by its own CID
 * whatever abilities it grants (docs/client.md, "On-chain permissions").
 *
 * `wallet` is any kind `walletProvider` recognises (docs/client.md, "Wallets").
 *
 * @throws {UnsupportedWalletError} `wallet` is none of the accepted kinds
 * The message's `Issued At` is `now` (the client's clock), its `Expiration Time` the end `options` name.
 *
 * @throws {ClientInputError} both `expiresIn` and `expiresAt`, or an end not after `now`
 * @throws {UnsupportedWalletError} `wallet` is none of the accepted kinds
 * @throws {WalletRequestError} the wallet refused or failed, or has no chain and `chainId` was not given
 * @throws {CapchainError} the message cannot be built (a bad domain or chain id)
 */
export async function signIn(wallet: Wallet, key: Signer, domain: string, now: number, options: SignInOptions = {}): Promise<SessionRecord> {
  const extra = options.abilities ?? []
  const expiration = endTime(options, now, DEFAULT_SESSION_LIFETIME)
  const session = await createSiweSession({
    provider: walletProvider(wallet),
    domain,
    // Only command and policy go into the ReCap: a description is the app's words, shown in the statement.
    abilities: [{ command: STORAGE_COMMAND, policy: [] }, ...extra.map(({ command, policy }) => ({ command, policy }))],
    expiresIn: expiration - now,
    now: new Date(now * 1000),
    statement: options.statement ?? [`Sign in to the storage service at ${domain}.`, ...extra.flatMap((a) => (a.description === undefined ? [] : [a.description]))].join(' '),
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
