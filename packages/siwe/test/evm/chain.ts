/**
 * A local Ethereum chain for the contract-wallet tests: `@ethereumjs/evm`
 * (the EVM of the ethereumjs client, Cancun rules, chain id 1) running the
 * contracts compiled by solidity.ts, behind the {@link EthCallClient} shape a
 * viem `PublicClient` has. `call` behaves as `eth_call`: its state changes
 * are thrown away, and a revert throws.
 */
import { Common, Hardfork, Mainnet } from '@ethereumjs/common'
import { createEVM, type EVM } from '@ethereumjs/evm'
import { createAddressFromString } from '@ethereumjs/util'
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js'
import type { EthCallClient, Hex } from '../../src/index.js'

const GAS = 30_000_000n

export interface LocalChain {
  readonly client: EthCallClient
  /** Run `data` (creation code without `to`) and keep its state changes, as a mined transaction would. */
  transact(request: { to?: Hex; data: Hex }): Promise<{ returned: Hex; created?: Hex }>
  /** The code at `address` (`0x` when none). */
  code(address: Hex): Promise<Hex>
}

async function run(evm: EVM, request: { to?: Hex; data: Hex }): Promise<{ returned: Hex; created?: Hex }> {
  const result = await evm.runCall({
    ...(request.to === undefined ? {} : { to: createAddressFromString(request.to) }),
    data: hexToBytes(request.data.slice(2)),
    gasLimit: GAS,
    skipBalance: true,
  })
  if (result.execResult.exceptionError !== undefined) {
    // What a JSON-RPC client does with a reverted eth_call: throw, with the revert data.
    throw new Error(`execution reverted: ${result.execResult.exceptionError.error} 0x${bytesToHex(result.execResult.returnValue)}`)
  }
  const returned: Hex = `0x${bytesToHex(result.execResult.returnValue)}`
  return result.createdAddress === undefined ? { returned } : { returned, created: result.createdAddress.toString() as Hex }
}

export async function localChain(): Promise<LocalChain> {
  const evm = await createEVM({ common: new Common({ chain: Mainnet, hardfork: Hardfork.Cancun }) })
  return {
    client: {
      async call(request) {
        await evm.stateManager.checkpoint()
        try {
          return { data: (await run(evm, request)).returned }
        } finally {
          await evm.stateManager.revert()
        }
      },
    },
    transact: (request) => run(evm, request),
    async code(address) {
      return `0x${bytesToHex(await evm.stateManager.getCode(createAddressFromString(address)))}`
    },
  }
}
