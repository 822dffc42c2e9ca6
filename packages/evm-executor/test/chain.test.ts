/** The in-process chain: real signed transactions under their real hashes, refusals of bad ones, a clock only `advance` moves. */
import { Address, Hash, Secp256k1 } from 'ox'
import { describe, expect, it } from 'vitest'
import { ChainError, createMemoryChain, signCall } from '../src/index.js'
import type { Hex } from '../src/index.js'

const key = Secp256k1.randomPrivateKey({ as: 'Bytes' })
const from = Address.fromPublicKey(Secp256k1.getPublicKey({ privateKey: key })).toLowerCase() as Hex
const to: Hex = '0x00000000000000000000000000000000000000aa'
const transfer = (nonce: bigint, value: bigint): Hex => signCall({ chainId: 1n, nonce, to, value, data: '0x', gasLimit: 21_000n, maxFeePerGas: 10n ** 9n }, key)

describe('the memory chain', () => {
  it('mines a signed transfer under its keccak hash, moves the value and the nonce; refuses a replayed nonce and an unfunded sender', async () => {
    const chain = await createMemoryChain({ time: 1_700_000_000, alloc: { [from]: 10n ** 18n } })
    const raw = transfer(0n, 1000n)
    const hash = await chain.send(raw)
    expect(hash).toBe(Hash.keccak256(raw))
    expect(await chain.receipt(hash)).toMatchObject({ status: 'success', blockNumber: 1n, gasUsed: 21_000n })
    expect(await chain.balance(to)).toBe(1000n)
    expect(await chain.nonce(from)).toBe(1n)
    await expect(chain.send(raw)).rejects.toBeInstanceOf(ChainError)
    const broke = await createMemoryChain({ time: 1_700_000_000 })
    await expect(broke.send(transfer(0n, 1n))).rejects.toBeInstanceOf(ChainError)
    await expect(chain.receipt(`0x${'00'.repeat(32)}`)).rejects.toBeInstanceOf(ChainError)
  })

  it('keeps a clock that only advance moves (the next block is stamped with it)', async () => {
    const chain = await createMemoryChain({ time: 1_700_000_000 })
    expect(chain.now()).toBe(1_700_000_000)
    chain.advance(86_400)
    expect(chain.now()).toBe(1_700_086_400)
    expect(await chain.time()).toBe(1_700_086_400)
  })
})
