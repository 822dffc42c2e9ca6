import type { Invocation } from '@capchain/core/token'
import type { IdentifiedCaveat } from '@capchain/verifier'
import { ChainMismatchError, EvmCommandError, InvalidEvmArgsError } from '../errors.js'
import { lowerAddress } from '../profile/address.js'
import { caip2, parseChain } from '../profile/chain.js'
import type { LinkStatements } from '../statement/enforce.js'
import type { EvmRequirementOptions } from './interface.js'

/** The service's chain and account, checked once when the requirement is made. */
export interface ServiceTarget {
  readonly chainId: number
  readonly account: string | undefined
}

/**
 * @throws {InvalidEvmArgsError} a chain or account that is not one
 */
export function serviceTarget(options: EvmRequirementOptions): ServiceTarget {
  const chainId = typeof options.chain === 'number' ? parseChain(caip2(options.chain), 'chain') : parseChain(options.chain, 'chain')
  return { chainId, account: options.account === undefined ? undefined : lowerAddress(options.account, 'account') }
}

/**
 * The invocation is for `command`, on the service's chain and account.
 *
 * @throws {EvmCommandError} another command
 * @throws {ChainMismatchError} another chain
 * @throws {InvalidEvmArgsError} another account
 */
export function checkTarget(invocation: Invocation, command: string, target: ServiceTarget, invoked: { chainId: number; account: string }): void {
  const cid = invocation.cid.toString()
  if (invocation.payload.cmd !== command) throw new EvmCommandError(`the invocation is for ${invocation.payload.cmd}; this service performs ${command}`, { cid, at: 'payload.cmd' })
  if (invoked.chainId !== target.chainId) throw new ChainMismatchError(caip2(invoked.chainId), caip2(target.chainId), { cid, at: 'args.chain' })
  if (target.account !== undefined && invoked.account !== target.account) {
    throw new InvalidEvmArgsError(`the invocation is for account ${invoked.account}; this service acts for ${target.account}`, { cid, at: 'args.account' })
  }
}

/** The guard's statements as `enforceEvmStatements` takes them, marking the chain's root. */
export function linkStatements(statements: readonly IdentifiedCaveat[], root: { equals(other: unknown): boolean } | undefined): LinkStatements[] {
  return statements.map((link) => ({ cid: link.cid.toString(), root: root !== undefined && root.equals(link.cid), statements: link.statements }))
}
