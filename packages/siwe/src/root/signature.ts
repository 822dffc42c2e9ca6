/**
 * The signature of a SIWE root (docs/siwe-root.md, "Signatures"), in this order:
 * 1. ends with the ERC-6492 suffix: the contract checker decides (counterfactual wallet);
 * 2. `s.t = eip191` and the 65-byte `personal_sign` signature recovers the
 *    signer's own address: valid, an EOA (the account's key signed);
 * 3. otherwise (`eip1271`, or an `eip191` signature that does not recover to
 *    the address): the contract checker decides, over the EIP-191 hash of the message.
 * Recovering to the address is sufficient because only the account's key can
 * produce it; ERC-6492's "ERC-1271 before ecrecover" guards against recovering
 * some other address, which step 2 never accepts.
 */
import { CapchainError, InvalidSignatureError, type CapchainErrorOptions } from '@capchain/core/errors'
import type { ContractSignatureChecker } from '../contract-wallet/interface.js'
import { isErc6492Signature } from '../contract-wallet/erc6492.js'
import type { DecodedCacao } from '../cacao/interface.js'
import { hashPersonalMessage } from '../eip191/hash.js'
import { recoverPersonalSignAddress } from '../eip191/recover.js'
import { ContractSignatureUnavailableError } from '../errors.js'

/** How a signature verified. */
export interface VerifiedSignature {
  readonly signer: 'eoa' | 'contract'
}

/** The address a 65-byte `personal_sign` signature recovers, or why it recovers none. */
function recover(message: string, signature: Uint8Array): string | InvalidSignatureError {
  try {
    return recoverPersonalSignAddress(message, signature)
  } catch (error) {
    if (error instanceof InvalidSignatureError) return error
    throw error
  }
}

async function checkContract(
  decoded: DecodedCacao,
  checker: ContractSignatureChecker | undefined,
  context: CapchainErrorOptions,
  why: string,
): Promise<VerifiedSignature> {
  const { address, chainId } = decoded.fields
  if (checker === undefined) {
    throw new ContractSignatureUnavailableError(`${why}, and no contract signature checker is configured`, { ...context, at: 's.s' })
  }
  let valid: boolean
  try {
    valid = await checker.isValidSignature(address, hashPersonalMessage(decoded.message), decoded.signature.bytes, chainId)
  } catch (cause) {
    if (cause instanceof CapchainError) throw cause
    const reason = cause instanceof Error ? cause.message : String(cause)
    throw new ContractSignatureUnavailableError(`the contract signature check failed: ${reason}`, { ...context, at: 's.s', cause })
  }
  if (valid !== true) {
    throw new InvalidSignatureError(`${why}, and the contract at ${address} on chain ${chainId} does not accept it`, { ...context, at: 's.s' })
  }
  return { signer: 'contract' }
}

/**
 * Check the CACAO's signature over its rebuilt message, for its issuer's address.
 * @throws {InvalidSignatureError} if neither the account's key nor its contract accepts it.
 * @throws {ContractSignatureUnavailableError} if only the contract could decide and it could not be asked.
 */
export async function verifyRootSignature(
  decoded: DecodedCacao,
  checker: ContractSignatureChecker | undefined,
  context: CapchainErrorOptions,
): Promise<VerifiedSignature> {
  const { bytes, type } = decoded.signature
  const { address } = decoded.fields
  if (isErc6492Signature(bytes)) return checkContract(decoded, checker, context, 'the signature is an ERC-6492 (counterfactual wallet) signature')
  if (type === 'eip1271') return checkContract(decoded, checker, context, 'the signature is an ERC-1271 contract signature')
  const recovered = recover(decoded.message, bytes)
  if (recovered === address) return { signer: 'eoa' }
  const why = typeof recovered === 'string' ? `the signature was made by ${recovered}, not ${address}` : recovered.message
  if (checker === undefined) throw new InvalidSignatureError(why, { ...context, at: 's.s' })
  return checkContract(decoded, checker, context, why)
}
