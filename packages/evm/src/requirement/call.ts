import type { Invocation } from '@capchain/core/token'
import { checkExpiry } from '@capchain/guard'
import type { InvocationRequirement } from '@capchain/guard'
import { callAmounts } from '../call/amounts.js'
import { checkEvmCallArgs } from '../call/args.js'
import { callShapes } from '../call/shapes.js'
import { EVM_CALL_COMMAND } from '../profile/commands.js'
import { enforceEvmStatements } from '../statement/enforce.js'
import { checkTarget, linkStatements, serviceTarget } from './common.js'
import type { EvmRequiredInvocation, EvmRequirementOptions } from './interface.js'

/** The `/evm/call` requirement: `check` returns what the call spends. */
export interface EvmCallRequirement extends InvocationRequirement {
  check(invocation: Invocation, now: number): EvmRequiredInvocation
}

/**
 * The EVM call profile as the guard's requirement. `check`, before any
 * signature: the command is `/evm/call`, the args fit the profile and the
 * calldata is exactly the claimed call (`checkEvmCallArgs`), the chain and
 * account are the service's, the invocation expires soon enough; it returns
 * what the call spends (`wei`, and a token amount for ERC-20 entry points)
 * for the guard to reserve. `enforce`, after the chain verifies: every
 * `capchain/evm@1` statement of the chain holds, and any dangerous shape of
 * the call (self-call, wrapper, delegatecall) is allowed by the root grant.
 * Stateless, so one requirement serves concurrent requests.
 *
 * @throws {InvalidEvmArgsError} a chain or account option that is not one
 */
export function evmCallRequirement(options: EvmRequirementOptions): EvmCallRequirement {
  const target = serviceTarget(options)
  return {
    /** @throws {EvmCommandError | InvalidEvmArgsError | CalldataMismatchError | ChainMismatchError | InvocationExpiryError} */
    check(invocation, now) {
      const call = checkEvmCallArgs(invocation.payload.args, invocation.cid.toString(), options.maxCalldataBytes)
      checkTarget(invocation, EVM_CALL_COMMAND, target, call)
      return { bytes: 0, expiration: checkExpiry(invocation, now, options.maxLifetime), amounts: callAmounts(call) }
    },
    /** @throws {EvmLimitError | ForbiddenCallShapeError | InvalidEvmStatementError} */
    enforce(statements, authorization) {
      // Derived again from the verified args rather than kept from check: the requirement holds no per-request state.
      const call = checkEvmCallArgs(authorization.args, authorization.invocation.cid.toString(), options.maxCalldataBytes)
      enforceEvmStatements(linkStatements(statements, authorization.chain[0]), authorization.args, callShapes(call))
    },
  }
}
