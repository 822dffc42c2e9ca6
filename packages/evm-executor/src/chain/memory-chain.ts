/**
 * A chain in this process: `@ethereumjs/vm` (Cancun rules) running real
 * bytecode and real signed transactions, with their real hashes. Every
 * transaction is mined at once in a block of its own, stamped with the
 * chain's clock, which only `advance` moves: tests cross a daily window
 * without waiting. For tests and the demo, never for value.
 */
import { createBlock } from '@ethereumjs/block'
import type { Block } from '@ethereumjs/block'
import { Common, Hardfork, Mainnet } from '@ethereumjs/common'
import { createTxFromRLP } from '@ethereumjs/tx'
import { Account, bytesToHex, createAddressFromString, hexToBytes } from '@ethereumjs/util'
import { createVM, runTx } from '@ethereumjs/vm'
import { ChainError } from '../errors.js'
import type { CallRequest, Chain, Hex, Receipt, SimulationResult } from './interface.js'
import { serial } from './serial.js'

const BLOCK_GAS_LIMIT = 30_000_000n
/** The base fee of every block: fixed, so a test can predict gas costs. */
export const BASE_FEE = 7n

export interface MemoryChainOptions {
  /** Balances at genesis, wei by address. */
  readonly alloc?: Readonly<Record<Hex, bigint>>
  /** The genesis block's timestamp, unix seconds. */
  readonly time: number
}

export interface MemoryChain extends Chain {
  /** Move the clock on: the next block is stamped `seconds` later. */
  advance(seconds: number): void
  /** The clock, unix seconds: a guard's `now` on this chain, so windows and expiry move with `advance`. */
  now(): number
}

/**
 * @throws {Error} the VM could not start
 */
export async function createMemoryChain(options: MemoryChainOptions): Promise<MemoryChain> {
  const common = new Common({ chain: Mainnet, hardfork: Hardfork.Cancun })
  const vm = await createVM({ common })
  for (const [address, wei] of Object.entries(options.alloc ?? {})) {
    await vm.stateManager.putAccount(createAddressFromString(address), new Account(0n, wei))
  }
  const receipts = new Map<Hex, Receipt>()
  const one = serial()
  let time = options.time
  let number = 0n
  const block = (): Block =>
    createBlock({ header: { number: number + 1n, timestamp: BigInt(time), gasLimit: BLOCK_GAS_LIMIT, baseFeePerGas: BASE_FEE } }, { common })
  const toHex = (bytes: Uint8Array): Hex => bytesToHex(bytes) as Hex

  return {
    chainId: common.chainId(),
    advance(seconds) {
      time += seconds
    },
    now: () => time,
    simulate: (request: CallRequest) =>
      one(async (): Promise<SimulationResult> => {
        await vm.stateManager.checkpoint()
        try {
          const result = await vm.evm.runCall({
            caller: createAddressFromString(request.from),
            to: createAddressFromString(request.to),
            value: request.value,
            data: hexToBytes(request.data),
            gasLimit: BLOCK_GAS_LIMIT,
            block: block(),
          })
          const returned = toHex(result.execResult.returnValue)
          return result.execResult.exceptionError === undefined ? { ok: true, returned } : { ok: false, revert: returned }
        } finally {
          await vm.stateManager.revert()
        }
      }),
    send: (raw: Hex) =>
      one(async () => {
        let hash: Hex
        try {
          const tx = createTxFromRLP(hexToBytes(raw), { common })
          hash = toHex(tx.hash())
          const mined = block()
          const result = await runTx(vm, { tx, block: mined })
          number += 1n
          receipts.set(hash, {
            hash,
            status: result.execResult.exceptionError === undefined ? 'success' : 'reverted',
            blockNumber: number,
            gasUsed: result.totalGasSpent,
            logs: result.receipt.logs.map(([address, topics, data]) => ({ address: toHex(address), topics: topics.map(toHex), data: toHex(data) })),
          })
        } catch (error) {
          throw new ChainError(`the chain refused the transaction: ${(error as Error).message}`, { cause: error })
        }
        return hash
      }),
    async receipt(hash) {
      const receipt = receipts.get(hash)
      if (receipt === undefined) throw new ChainError(`no transaction ${hash}`)
      return receipt
    },
    balance: (address) => one(async () => (await vm.stateManager.getAccount(createAddressFromString(address)))?.balance ?? 0n),
    nonce: (address) => one(async () => (await vm.stateManager.getAccount(createAddressFromString(address)))?.nonce ?? 0n),
    time: async () => time,
  }
}
