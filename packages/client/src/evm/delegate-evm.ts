/**
 * `delegateEvm`: an `/evm/call` grant from this client's authority to
 * another key, built by `@capchain/evm`'s `evmCallPolicy`, issued and kept
 * like a storage grant (exportable, revocable with `client.revoke`).
 */
import type { DID, Signer } from '@capchain/core/principal'
import { commandCovers, createDelegation } from '@capchain/core/token'
import { erc20Dimension, EVM_CALL_COMMAND, evmCallPolicy, isLowerAddress, WEI } from '@capchain/evm'
import type { EvmCallGrantInput } from '@capchain/evm'
import { decodeCacao, extractRecap } from '@capchain/siwe'
import { checkCapGrant } from '@capchain/storage'
import type { Authority } from '../authority/authority.js'
import type { CapchainClient } from '../client.js'
import { ClientInputError } from '../errors.js'
import { grantExpiration } from '../grant/delegate.js'
import type { IssuedRecord } from '../store/interface.js'
import type { EndTimeOptions } from '../time/end-time.js'
import { containerOf } from '../tokens.js'
import { evmChain } from './chain-id.js'
import { heldChain } from './parent-chain.js'
import type { HeldChain } from './parent-chain.js'

/** Cumulative limits over every call through the grant, charged by the executor's ledger. */
export interface EvmLimits {
  /** Most calls. */
  readonly uses?: number
  /** Most wei, over all calls. */
  readonly value?: bigint
  /** Most of each ERC-20 token (by contract address), in its smallest unit, over all calls (`transfer`, `transferFrom`, `approve`, `permit`). */
  readonly tokens?: Readonly<Record<string, bigint>>
  /** Seconds: every limit above then applies per epoch-aligned window (86400: per UTC day), e.g. "50 USDC a day". */
  readonly period?: number
}

/**
 * What the grant allows: `evmCallPolicy`'s input (chain, account, targets, functions, conditions, `uint`, `maxValue`, shapes), limits,
 * and `expiresIn` (seconds) or `expiresAt` (an end time), as for a storage grant: default 7 days, and never past the authority's own expiry.
 */
export interface EvmDelegateOptions extends Omit<EvmCallGrantInput, 'cap'>, EndTimeOptions {
  /** Uses, total value and token amounts, for the grant's life or per period. */
  readonly limits?: EvmLimits
  /** Delegate from this authority (an imported delegation's id) instead of the wallet session. */
  readonly via?: string
}

/**
 * Grant `to` calls from the user's account: `client`'s session (or `via`)
 * delegates `/evm/call` with the policy `evmCallPolicy` writes and one cap
 * for `limits`. A cap beyond what an ancestor grant has is refused here
 * (`checkCapGrant`); every ancestor's limits apply to each call anyway.
 *
 * @throws {NotSignedInError} no session and no `via`
 * @throws {NoAuthorityError} `via` is not held by `client`
 * @throws {ClientInputError} a token limit on something that is not an address; a session without an EVM ability; `via` holds no `/evm/call` chain; both `expiresIn` and `expiresAt`, or an end not after the client's clock
 * @throws {InvalidEvmArgsError | InvalidEvmStatementError | InvalidCapError} what `evmCallPolicy` refuses
 * @throws {CapGrantExceededError} a limit beyond an ancestor's
 */
export function delegateEvm(client: CapchainClient, to: DID, options: EvmDelegateOptions): Promise<IssuedRecord> {
  return client.issue((key, authority) => issueEvmGrant(client, key, authority, to, options), options.via === undefined ? {} : { via: options.via })
}

async function issueEvmGrant(client: CapchainClient, key: Signer, authority: Authority, audience: DID, options: EvmDelegateOptions): Promise<IssuedRecord> {
  const { limits, expiresIn, expiresAt, via, ...grant } = options
  const cap = limits === undefined ? undefined : capOf(limits, evmChain(grant.chain).id)
  const policy = evmCallPolicy({ ...grant, ...(cap === undefined ? {} : { cap }) })
  const parent = parentOf(client, authority)
  if (cap !== undefined) await checkCapGrant({ parent: parent.delegations, cap })
  const now = client.now()
  const expiration = grantExpiration(options, now, authority)
  const head = await createDelegation({ issuer: key, audience, subject: authority.subject, command: EVM_CALL_COMMAND, policy, expiration })
  const links = [...parent.delegations, head]
  const root = parent.root === undefined ? [] : [parent.root]
  return {
    cid: head.cid.toString(),
    audience,
    subject: authority.subject,
    paths: [],
    ops: [],
    ...(limits?.uses === undefined ? {} : { maxUses: limits.uses }),
    expiration,
    issuedAt: now,
    container: containerOf([...root.map((block) => block.bytes), ...links.map((link) => link.bytes)]),
    witness: [...root, ...links].map((link) => link.cid.toString()),
    revoked: false,
  }
}

/** The chain the grant hangs from: the session root itself, or the imported chain that grants `/evm/call` to this client. */
function parentOf(client: CapchainClient, authority: Authority): HeldChain {
  if (authority.kind === 'session') {
    if (authority.root !== undefined && !rootGrants(authority.root.bytes, EVM_CALL_COMMAND)) {
      throw new ClientInputError(`the session ${authority.id} was signed in without an EVM ability: sign in with evmSignInAbilities`, { cid: authority.id })
    }
    return { root: authority.root, delegations: [] }
  }
  const record = client.imported().find((imported) => imported.cid === authority.id)
  if (record === undefined) throw new ClientInputError(`this client holds no imported delegation ${authority.id}`)
  return heldChain(record.container, client.did, EVM_CALL_COMMAND)
}

/** Whether a SIWE root's ReCap grants `command` (`ns/*` is `/ns`, `ns/name` is `/ns/name`), so a grant it could never back is not signed. */
function rootGrants(cacao: Uint8Array, command: string): boolean {
  const abilities = Object.values(extractRecap(decodeCacao(cacao).fields)?.att ?? {}).flatMap((granted) => Object.keys(granted))
  return abilities.some((ability) => commandCovers(`/${ability.endsWith('/*') ? ability.slice(0, -2) : ability}`, command))
}

/** The cap for `limits`: value as `wei`, each token as its `erc20:<chain>:<address>` dimension. */
function capOf(limits: EvmLimits, chainId: number): NonNullable<EvmCallGrantInput['cap']> {
  const amounts: Record<string, bigint> = {}
  if (limits.value !== undefined) amounts[WEI] = limits.value
  for (const [token, amount] of Object.entries(limits.tokens ?? {})) {
    const address = token.toLowerCase()
    if (!isLowerAddress(address)) throw new ClientInputError(`limits.tokens: ${token} is not a token address`, { at: 'limits.tokens' })
    amounts[erc20Dimension(chainId, address)] = amount
  }
  return {
    ...(limits.uses === undefined ? {} : { uses: limits.uses }),
    ...(limits.period === undefined ? {} : { period: limits.period }),
    ...(Object.keys(amounts).length === 0 ? {} : { amounts }),
  }
}
