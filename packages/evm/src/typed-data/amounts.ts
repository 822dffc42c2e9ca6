import { erc20Dimension } from '../call/amounts.js'
import type { LowerAddress } from '../profile/address.js'
import type { EvmTypedData } from './args.js'

/** EIP-2612's `Permit` struct, field by field: only this exact type hash is a permit a token honours. */
const PERMIT_FIELDS = ['owner:address', 'spender:address', 'value:uint256', 'nonce:uint256', 'deadline:uint256'].join(',')

/**
 * What signing spends: an EIP-2612 permit lets its spender move `value` of
 * the token at the domain's `verifyingContract`, so it is charged under that
 * token's dimension like an `approve`. Other typed data charges nothing.
 */
export function typedDataAmounts(signed: EvmTypedData): Record<string, bigint> {
  const { typedData } = signed
  const token = typedData.domain?.verifyingContract
  const fields = typedData.types.Permit?.map((field) => `${field.name}:${field.type}`).join(',')
  if (typedData.primaryType !== 'Permit' || fields !== PERMIT_FIELDS || token === undefined) return {}
  return { [erc20Dimension(signed.chainId, token as LowerAddress)]: (typedData.message as { value: bigint }).value }
}
