/**
 * The EVM profile's fixed inputs, shared by the `evm-policy` vectors and
 * `@capchain/evm`'s own tests, so the published verdicts and the unit tests
 * speak of the same account, contracts, functions and permit. Changing a
 * value here changes `test-vectors/evm-policy.json`.
 */
import type { EvmTypedDataInput } from '@capchain/evm'

export const ACCOUNT = '0x1111111111111111111111111111111111111111'
export const SHOP = '0x2222222222222222222222222222222222222222'
export const USDC = '0x3333333333333333333333333333333333333333'
export const MERCHANT = '0x4444444444444444444444444444444444444444'
export const MULTICALL3 = '0xca11bde05977b3631167028862be2a173976ca11'

export const TRANSFER = 'transfer(address to, uint256 amount)'
export const BUY = 'buy(uint256 item)'

export const TWO_64 = 1n << 64n
export const MAX_UINT256 = (1n << 256n) - 1n

/** USDC's EIP-2612 permit from ACCOUNT to MERCHANT for `value`, in a domain on `chainId`. */
export function permitTypedData(value: bigint, chainId = 1n): EvmTypedDataInput['typedData'] {
  return {
    domain: { name: 'USD Coin', version: '2', chainId, verifyingContract: USDC },
    types: {
      Permit: [
        { name: 'owner', type: 'address' },
        { name: 'spender', type: 'address' },
        { name: 'value', type: 'uint256' },
        { name: 'nonce', type: 'uint256' },
        { name: 'deadline', type: 'uint256' },
      ],
    },
    primaryType: 'Permit',
    message: { owner: ACCOUNT, spender: MERCHANT, value, nonce: 0n, deadline: 1_709_337_600n },
  }
}
