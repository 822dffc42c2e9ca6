import type { RequiredInvocation } from '@capchain/guard'

/** What the EVM requirements' `check` returns: the guard's fields, and what the operation spends. */
export interface EvmRequiredInvocation extends RequiredInvocation {
  /**
   * Amounts to reserve on every cap of the chain, by ledger dimension
   * (`wei`, `erc20:<chain id>:<token>`), as `@capchain/store`'s `amounts`.
   */
  readonly amounts: Readonly<Record<string, bigint>>
}

/** What a service executing EVM operations requires of every invocation. */
export interface EvmRequirementOptions {
  /** The chain the service acts on, as a chain id or CAIP-2 `eip155:<id>`: an invocation for another is refused. */
  readonly chain: number | string
  /** The account the service acts for; when set, an invocation for another is refused. Lower or mixed case. */
  readonly account?: string
  /** Longest accepted invocation lifetime, `exp - now` in seconds. Default the guard's `MAX_INVOCATION_LIFETIME`. */
  readonly maxLifetime?: number
  /** Longest accepted calldata, in bytes. Default `MAX_CALLDATA_BYTES` (32 KiB). */
  readonly maxCalldataBytes?: number
}
