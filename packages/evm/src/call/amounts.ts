import { AbiFunction, Hex } from 'ox'
import { parseFunction } from '../abi/parse.js'
import type { LowerAddress } from '../profile/address.js'
import type { EvmCall } from './args.js'

/** The ledger dimension of native value (contract with `@capchain/store`'s `amounts`). */
export const WEI = 'wei'

/** The ledger dimension of one ERC-20 token: `erc20:<chain id>:<lower-case token address>`. */
export function erc20Dimension(chainId: number, token: LowerAddress): string {
  return `erc20:${chainId}:${token}`
}

/** ERC-20 and EIP-2612 entry points that move or expose tokens, by selector, with the index of the amount argument. */
const TOKEN_SPENDS = new Map<Hex.Hex, number>(
  (
    [
      ['transfer(address to, uint256 amount)', 1],
      ['transferFrom(address from, address to, uint256 amount)', 2],
      ['approve(address spender, uint256 amount)', 1],
      ['increaseAllowance(address spender, uint256 addedValue)', 1],
      ['permit(address owner, address spender, uint256 value, uint256 deadline, uint8 v, bytes32 r, bytes32 s)', 2],
    ] as const
  ).map(([signature, index]) => [AbiFunction.getSelector(parseFunction(`function ${signature}`)), index]),
)

/**
 * What a checked call spends, for the guard to reserve on every cap of the
 * chain: `wei` its value (when non-zero), and for a token entry point the
 * amount under the target's ERC-20 dimension. Read from the calldata by
 * selector and position, never by the claimed parameter names, which an
 * invoker chooses.
 */
export function callAmounts(call: EvmCall): Record<string, bigint> {
  const amounts: Record<string, bigint> = {}
  if (call.value > 0n) amounts[WEI] = call.value
  if (call.data.length < 4) return amounts
  const index = TOKEN_SPENDS.get(Hex.fromBytes(call.data.subarray(0, 4)))
  // The calldata was checked to be the canonical encoding of a function with this selector, so the word is there.
  if (index !== undefined && call.data.length >= 4 + 32 * (index + 1)) {
    const at = 4 + 32 * index
    amounts[erc20Dimension(call.chainId, call.target)] = Hex.toBigInt(Hex.fromBytes(call.data.subarray(at, at + 32)))
  }
  return amounts
}
