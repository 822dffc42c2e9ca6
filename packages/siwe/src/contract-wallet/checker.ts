import { CapchainError } from '@capchain/core/errors'
import { hexToBytes } from '@noble/hashes/utils.js'
import { ContractSignatureUnavailableError } from '../errors.js'
import { addressBytes, encodeWithBytes, hexOf } from './abi.js'
import { isErc6492Signature } from './erc6492.js'
import type { ContractSignatureChecker, EthCallClient, Hex } from './interface.js'
import { VALIDATE_SIG_OFFCHAIN_BYTECODE } from './validator-bytecode.js'

/** `isValidSignature(bytes32,bytes)`: its selector, which ERC-1271 also makes the value a valid signature returns. */
const IS_VALID_SIGNATURE = hexToBytes('1626ba7e')
/** The ABI encoding of `bytes4(0x1626ba7e)` as a return value: the selector, left-aligned in one word. */
const ERC1271_VALID = hexOf(IS_VALID_SIGNATURE, new Uint8Array(28))
const VALIDATOR = hexToBytes(VALIDATE_SIG_OFFCHAIN_BYTECODE.slice(2))

async function ethCall(client: EthCallClient, request: { to?: Hex; data: Hex }, what: string): Promise<string> {
  try {
    const { data } = await client.call(request)
    return (data ?? '0x').toLowerCase()
  } catch (cause) {
    if (cause instanceof CapchainError) throw cause
    const reason = cause instanceof Error ? cause.message : String(cause)
    throw new ContractSignatureUnavailableError(`${what} failed (a revert or a transport error): ${reason}`, { at: 's.s', cause })
  }
}

/**
 * A {@link ContractSignatureChecker} over `eth_call`, for a client per chain
 * (a viem `PublicClient` fits {@link EthCallClient}). In the order ERC-6492 sets:
 * - a signature ending with the ERC-6492 suffix: one deployless call of the
 *   ERC's reference validator (validator-bytecode.ts), which deploys the wallet
 *   through the factory named in the signature if it has no code yet (or runs
 *   the factory call as a "prepare" step and retries if its current code
 *   refuses), then asks it; valid iff the call returns `0x01`. Nothing is sent
 *   on chain: `eth_call` state is thrown away.
 * - any other signature: `isValidSignature(hash, signature)` on `address`;
 *   valid iff it returns exactly `0x1626ba7e` (an address without code returns
 *   nothing, so an EOA is never accepted here).
 *
 * A call that throws (a revert, which some wallets use to refuse, or a
 * transport failure: `eth_call` cannot tell them apart) and a chain without a
 * client are {@link ContractSignatureUnavailableError}; the root is refused either way.
 */
export function contractSignatureChecker(clientFor: (chainId: number) => EthCallClient | undefined): ContractSignatureChecker {
  return {
    async isValidSignature(address, hash, signature, chainId) {
      const client = clientFor(chainId)
      if (client === undefined) {
        throw new ContractSignatureUnavailableError(`no Ethereum client is configured for chain ${chainId}`, { at: 'p.iss' })
      }
      if (isErc6492Signature(signature)) {
        const data = hexOf(VALIDATOR, encodeWithBytes([addressBytes(address), hash], signature))
        return (await ethCall(client, { data }, 'the ERC-6492 validation call')) === '0x01'
      }
      const data = hexOf(IS_VALID_SIGNATURE, encodeWithBytes([hash], signature))
      return (await ethCall(client, { to: address as Hex, data }, 'the ERC-1271 isValidSignature call')) === ERC1271_VALID
    },
  }
}
