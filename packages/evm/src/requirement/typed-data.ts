import type { Invocation } from '@capchain/core/token'
import { checkExpiry } from '@capchain/guard'
import type { InvocationRequirement } from '@capchain/guard'
import { EVM_SIGN_TYPED_DATA_COMMAND } from '../profile/commands.js'
import { enforceEvmStatements } from '../statement/enforce.js'
import { checkTypedDataArgs } from '../typed-data/args.js'
import type { EvmTypedData } from '../typed-data/args.js'
import { typedDataAmounts } from '../typed-data/amounts.js'
import { checkTarget, linkStatements, serviceTarget } from './common.js'
import type { EvmRequiredInvocation, EvmRequirementOptions } from './interface.js'

/** What `check` of the typed-data requirement returns: also the checked typed data and its digest, for the signer. */
export interface EvmTypedDataRequired extends EvmRequiredInvocation {
  readonly typedData: EvmTypedData
}

/** The `/evm/sign/typed-data` requirement: `check` returns what signing spends. */
export interface EvmTypedDataRequirement extends InvocationRequirement {
  check(invocation: Invocation, now: number): EvmTypedDataRequired
}

/**
 * The EIP-712 signing profile as the guard's requirement: `check` refuses
 * typed data that is not exactly what would be signed (`checkTypedDataArgs`)
 * or is for another chain or account, and returns the permit amount it
 * spends; `enforce` holds the chain's `capchain/evm@1` comparisons (signing
 * has no call shapes).
 *
 * @throws {InvalidEvmArgsError} a chain or account option that is not one
 */
export function evmTypedDataRequirement(options: EvmRequirementOptions): EvmTypedDataRequirement {
  const target = serviceTarget(options)
  return {
    /** @throws {EvmCommandError | InvalidEvmArgsError | InvalidTypedDataError | ChainMismatchError | InvocationExpiryError} */
    check(invocation, now) {
      const typedData = checkTypedDataArgs(invocation.payload.args, invocation.cid.toString())
      checkTarget(invocation, EVM_SIGN_TYPED_DATA_COMMAND, target, typedData)
      return { bytes: 0, expiration: checkExpiry(invocation, now, options.maxLifetime), amounts: typedDataAmounts(typedData), typedData }
    },
    /** @throws {EvmLimitError | InvalidEvmStatementError} */
    enforce(statements, authorization) {
      enforceEvmStatements(linkStatements(statements, authorization.chain[0]), authorization.args, [])
    },
  }
}
