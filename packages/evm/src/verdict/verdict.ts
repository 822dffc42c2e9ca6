import { CapchainError } from '@capchain/core/errors'
import type { IPLDMap, IPLDValue } from '@capchain/core/token'
import { evaluatePolicy } from '@capchain/policy'
import { PolicyViolationError } from '@capchain/verifier'
import { callAmounts } from '../call/amounts.js'
import { checkEvmCallArgs } from '../call/args.js'
import { callShapes } from '../call/shapes.js'
import type { CallShape } from '../call/shapes.js'
import { EvmCommandError } from '../errors.js'
import { EVM_CALL_COMMAND, EVM_SIGN_TYPED_DATA_COMMAND } from '../profile/commands.js'
import { enforceEvmStatements } from '../statement/enforce.js'
import { readEvmStatement } from '../statement/statement.js'
import { typedDataAmounts } from '../typed-data/amounts.js'
import { checkTypedDataArgs } from '../typed-data/args.js'

/** What the profile decides for one operation under a chain's policies, without signatures or a ledger. */
export type EvmVerdict =
  | { readonly ok: true; readonly amounts: Readonly<Record<string, bigint>> }
  | { readonly ok: false; readonly error: CapchainError }

/**
 * The profile's verdict on `args` for `command` under `policies` (each
 * link's `pol`, root first), as a service running the guard with the
 * profile's requirement would reach it once signatures, time and principals
 * hold: the args checked and the call derived, each link's ordinary
 * statements evaluated as a UCAN verifier does, its `capchain/evm@1`
 * statements enforced, the call's shapes held to the root's grant. For
 * conformance vectors (test-vectors/evm-policy.json) and tools that explain
 * a grant. Caps need a ledger and are not modelled: a cap statement in
 * `policies` is evaluated as the ordinary statement it is, false.
 *
 * @returns the amounts the operation spends, or the typed refusal; never throws a `CapchainError`
 */
export function evmVerdict(command: string, args: IPLDMap, policies: readonly (readonly IPLDValue[])[]): EvmVerdict {
  try {
    let amounts: Record<string, bigint>
    let shapes: CallShape[] = []
    if (command === EVM_CALL_COMMAND) {
      const call = checkEvmCallArgs(args)
      amounts = callAmounts(call)
      shapes = callShapes(call)
    } else if (command === EVM_SIGN_TYPED_DATA_COMMAND) {
      amounts = typedDataAmounts(checkTypedDataArgs(args))
    } else {
      throw new EvmCommandError(`${command} is not an EVM operation`, { at: 'cmd' })
    }
    const links = policies.map((policy, i) => {
      const where = { at: `policies[${i}]` }
      const statements = policy.filter((statement) => readEvmStatement(statement, where) !== undefined)
      const result = evaluatePolicy(
        policy.filter((statement) => !statements.includes(statement)),
        args,
      )
      if (!result.ok) throw new PolicyViolationError(result.failure, where)
      return { cid: `policies[${i}]`, root: i === 0, statements }
    })
    enforceEvmStatements(
      links.filter((link) => link.statements.length > 0),
      args,
      shapes,
    )
    return { ok: true, amounts }
  } catch (error) {
    if (error instanceof CapchainError) return { ok: false, error }
    throw error
  }
}
