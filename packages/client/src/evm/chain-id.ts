import { caip2, parseChain } from '@capchain/evm'
import type { Caip2Chain } from '@capchain/evm'

/**
 * A chain given as an id or as CAIP-2 `eip155:<id>`, in both spellings.
 * @throws {InvalidEvmArgsError} neither a positive safe integer nor canonical CAIP-2
 */
export function evmChain(chain: number | string): { readonly id: number; readonly caip2: Caip2Chain } {
  const id = typeof chain === 'number' ? chain : parseChain(chain, 'chain')
  return { id, caip2: caip2(id) }
}
