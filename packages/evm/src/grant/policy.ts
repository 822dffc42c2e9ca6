import { capStatement } from '@capchain/guard'
import type { IPLDValue } from '@capchain/core/token'
import { parseClaimedFunction } from '../abi/fragment.js'
import type { CallShape } from '../call/shapes.js'
import { InvalidEvmStatementError } from '../errors.js'
import { lowerAddress } from '../profile/address.js'
import { caip2, parseChain } from '../profile/chain.js'
import { formatUint } from '../profile/uint.js'
import { evmStatement } from '../statement/statement.js'
import type { UintComparison, UintOperator } from '../statement/statement.js'

/** What an `/evm/call` grant allows, each part optional but `chain`. */
export interface EvmCallGrantInput {
  /** The chain, as a chain id or CAIP-2 `eip155:<id>`. */
  readonly chain: number | string
  /** The one account the grant acts through. */
  readonly account?: string
  /** Contracts (or recipients of value) it may call. */
  readonly targets?: readonly string[]
  /** Functions it may call, spelled as in `args.call.function` (`transfer(address to, uint256 amount)`); without it, any function and plain transfers. */
  readonly functions?: readonly string[]
  /** Ordinary UCAN policy statements over the args (`["==", ".call.args.to", "0x…"]`). */
  readonly conditions?: readonly IPLDValue[]
  /**
   * Exact integer comparisons over the args (`["<=", ".call.args.amount", "50000000"]`), enforced by
   * the profile; a fourth element, a function signature or selector, limits one to calls of that function.
   */
  readonly uint?: readonly (UintComparison | readonly [UintOperator, string, string, string])[]
  /** Most wei per call. */
  readonly maxValue?: bigint
  /** Dangerous call shapes allowed; honoured only in the chain's root grant (docs/evm.md). */
  readonly shapes?: readonly CallShape[]
  /** Cumulative limits (uses, amounts per period), as `capStatement` takes them. */
  readonly cap?: Parameters<typeof capStatement>[0]
}

/**
 * The policy of an `/evm/call` grant: chain, account, targets and functions
 * as ordinary statements any UCAN verifier evaluates, exact amounts and
 * shapes as one `capchain/evm@1` statement, cumulative limits as a cap.
 * Addresses are written in lower case, the only case `args` may use.
 *
 * @throws {InvalidEvmArgsError} a bad chain, address or function signature
 * @throws {InvalidEvmStatementError} a bad comparison or shape, or an empty list of targets or functions
 * @throws {InvalidCapError} a bad cap
 */
export function evmCallPolicy(input: EvmCallGrantInput): IPLDValue[] {
  const chain = typeof input.chain === 'number' ? caip2(input.chain) : caip2(parseChain(input.chain, 'chain'))
  const policy: IPLDValue[] = [['==', '.chain', chain]]
  if (input.account !== undefined) policy.push(['==', '.account', lowerAddress(input.account, 'account')])
  if (input.targets !== undefined) policy.push(oneOf('.target', input.targets.map((target, i) => lowerAddress(target, `targets[${i}]`)), 'targets'))
  if (input.functions !== undefined) {
    policy.push(oneOf('.call.function', input.functions.map((fn, i) => parseClaimedFunction(fn, `functions[${i}]`).signature), 'functions'))
  }
  policy.push(...(input.conditions ?? []))
  const uint: UintComparison[] = [
    ...(input.uint ?? []).map(scoped),
    ...(input.maxValue === undefined ? [] : [['<=', '.value', formatUint(input.maxValue, 'maxValue')] as const]),
  ]
  if (uint.length > 0 || input.shapes !== undefined) {
    policy.push(evmStatement({ ...(uint.length > 0 ? { uint } : {}), ...(input.shapes === undefined ? {} : { shapes: input.shapes }) }))
  }
  if (input.cap !== undefined) policy.push(capStatement(input.cap))
  return policy
}

/** `selector` equals one of `values`: `==` alone, or an `or` of them. */
function oneOf(selector: string, values: readonly string[], what: string): IPLDValue {
  if (values.length === 0) throw new InvalidEvmStatementError(`${what} must list at least one entry (omit it to allow any)`, { at: what })
  return values.length === 1 ? ['==', selector, values[0]!] : ['or', values.map((value) => ['==', selector, value])]
}

/** A comparison with its function named by signature or selector, as the statement takes it (by selector). */
function scoped(comparison: UintComparison | readonly [UintOperator, string, string, string], i: number): UintComparison {
  const [op, selector, bound, only] = comparison
  if (only === undefined || /^0x[0-9a-f]{8}$/.test(only)) return comparison as UintComparison
  return [op, selector, bound, parseClaimedFunction(only, `uint[${i}][3]`).selector]
}
