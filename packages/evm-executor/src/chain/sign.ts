/** Signing the executor's transactions: EIP-1559, with the executor's own secp256k1 key. */
import { createCustomCommon, Hardfork, Mainnet } from '@ethereumjs/common'
import { createFeeMarket1559Tx } from '@ethereumjs/tx'
import { bytesToHex, hexToBytes } from '@ethereumjs/util'
import type { Hex } from './interface.js'

/** A call the executor's key sends. */
export interface UnsignedCall {
  readonly chainId: bigint
  readonly nonce: bigint
  /** Absent: a contract creation, `data` its creation code. */
  readonly to?: Hex
  readonly value: bigint
  readonly data: Hex
  readonly gasLimit: bigint
  readonly maxFeePerGas: bigint
}

/**
 * The raw signed transaction, as `eth_sendRawTransaction` takes it.
 * @throws {Error} an invalid key
 */
export function signCall(call: UnsignedCall, privateKey: Uint8Array): Hex {
  const common = createCustomCommon({ chainId: Number(call.chainId) }, Mainnet, { hardfork: Hardfork.Cancun })
  const tx = createFeeMarket1559Tx(
    { chainId: call.chainId, nonce: call.nonce, ...(call.to === undefined ? {} : { to: call.to }), value: call.value, data: hexToBytes(call.data), gasLimit: call.gasLimit, maxFeePerGas: call.maxFeePerGas, maxPriorityFeePerGas: 0n },
    { common },
  )
  return bytesToHex(tx.sign(privateKey).serialize()) as Hex
}
