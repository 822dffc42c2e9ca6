/** What the executor needs of a chain: one shape for the in-process EVM and for a real network. */

/** 0x-prefixed hex. */
export type Hex = `0x${string}`

/** A call as a transaction would make it. */
export interface CallRequest {
  readonly from: Hex
  readonly to: Hex
  readonly value: bigint
  readonly data: Hex
}

/** The outcome of a call run without keeping its changes (`eth_call`). */
export type SimulationResult = { readonly ok: true; readonly returned: Hex } | { readonly ok: false; readonly revert: Hex }

/** One log of a mined transaction. */
export interface Log {
  readonly address: Hex
  readonly topics: readonly Hex[]
  readonly data: Hex
}

/** A mined transaction's receipt. */
export interface Receipt {
  readonly hash: Hex
  readonly status: 'success' | 'reverted'
  readonly blockNumber: bigint
  readonly gasUsed: bigint
  readonly logs: readonly Log[]
}

export interface Chain {
  readonly chainId: bigint
  /**
   * Run `request` against the latest state and throw its changes away.
   * @throws {ChainError} the chain could not run it at all
   */
  simulate(request: CallRequest): Promise<SimulationResult>
  /**
   * Submit a signed raw transaction.
   * @returns its hash
   * @throws {ChainError} refused before inclusion (a bad nonce or signature, no balance for gas)
   */
  send(raw: Hex): Promise<Hex>
  /**
   * The receipt of `hash`, waiting until it is mined.
   * @throws {ChainError} an unknown hash
   */
  receipt(hash: Hex): Promise<Receipt>
  /** @throws {ChainError} */
  balance(address: Hex): Promise<bigint>
  /** The next nonce of `address`. @throws {ChainError} */
  nonce(address: Hex): Promise<bigint>
  /** The latest block's timestamp, unix seconds. @throws {ChainError} */
  time(): Promise<number>
}
