/**
 * The signature of a wallet-issued UCAN root (docs/siwe-root.md, "did:pkh
 * roots"): EIP-191 `personal_sign` over the envelope's signed bytes (the
 * DAG-CBOR `{h, "ucan/dlg@…": payload}`, as iso-ucan signs them), in this order:
 * 1. ends with the ERC-6492 suffix: the contract checker decides (counterfactual wallet);
 * 2. the 65-byte `r || s || v` (v 27 / 28), or the 64-byte `r || s` with
 *    either recovery bit, recovers the account's own address: valid, an EOA;
 * 3. otherwise: the contract checker decides (ERC-1271), over the EIP-191
 *    hash of the signed bytes; without a checker the root is refused.
 * The same rules and order as a SIWE root's signature (root/signature.ts).
 */
import { compactEip191Signature } from '@capchain/core/envelope'
import { CapchainError, InvalidSignatureError, type CapchainErrorOptions } from '@capchain/core/errors'
import type { Envelope } from '@capchain/core/token'
import { isErc6492Signature } from '../contract-wallet/erc6492.js'
import type { ContractSignatureChecker } from '../contract-wallet/interface.js'
import { hashPersonalMessage } from '../eip191/hash.js'
import { recoverPersonalSignAddress } from '../eip191/recover.js'
import { ContractSignatureUnavailableError } from '../errors.js'
import type { PkhAccount } from './account.js'

const AT = 'envelope[0]'

/** Who accepted a valid signature: the account's own key (an answer no later call can change), or its contract. */
export type PkhSigner = 'eoa' | 'contract'

/**
 * Check a did:pkh root's envelope signature for `account`.
 * @throws {InvalidSignatureError} if neither the account's key nor its contract accepts it.
 * @throws {ContractSignatureUnavailableError} if only the contract could decide and it could not be asked.
 */
export async function verifyPkhSignature(
  envelope: Envelope,
  account: PkhAccount,
  checker: ContractSignatureChecker | undefined,
  context: CapchainErrorOptions,
): Promise<PkhSigner> {
  const { signature, signedBytes } = envelope
  if (isErc6492Signature(signature)) {
    await checkContract(envelope, account, checker, context, 'the signature is an ERC-6492 (counterfactual wallet) signature')
    return 'contract'
  }
  const recovered = recoverAccount(signedBytes, signature, account.address)
  if (recovered === account.address) return 'eoa'
  const why = typeof recovered === 'string' ? `the signature was made by ${recovered}, not ${account.address}` : recovered.message
  if (checker === undefined) throw new InvalidSignatureError(why, { ...context, at: AT })
  await checkContract(envelope, account, checker, context, why)
  return 'contract'
}

/**
 * The address the signature recovers: `address` when one of its readings
 * does (a 64-byte signature carries no recovery bit, so both are tried;
 * that reveals nothing a verifier with the key would not), else what the
 * first reading recovers, or why none can be read.
 */
function recoverAccount(message: Uint8Array, signature: Uint8Array, address: string): string | InvalidSignatureError {
  const compact = compactEip191Signature(signature)
  if (compact === undefined) {
    return new InvalidSignatureError(`an EOA signature is 64 bytes (r || s) or 65 (r || s || v, v 27 or 28), got ${signature.length} bytes`)
  }
  const readings = signature.length === 65 ? [signature] : [Uint8Array.of(...compact, 27), Uint8Array.of(...compact, 28)]
  let first: string | InvalidSignatureError | undefined
  for (const reading of readings) {
    let recovered: string | InvalidSignatureError
    try {
      recovered = recoverPersonalSignAddress(message, reading)
    } catch (error) {
      if (!(error instanceof InvalidSignatureError)) throw error
      recovered = error
    }
    if (recovered === address) return recovered
    first ??= recovered
  }
  return first!
}

async function checkContract(
  envelope: Envelope,
  account: PkhAccount,
  checker: ContractSignatureChecker | undefined,
  context: CapchainErrorOptions,
  why: string,
): Promise<void> {
  const { address, chainId } = account
  if (checker === undefined) {
    throw new ContractSignatureUnavailableError(`${why}, and no contract signature checker is configured`, { ...context, at: AT })
  }
  let valid: boolean
  try {
    valid = await checker.isValidSignature(address, hashPersonalMessage(envelope.signedBytes), envelope.signature, chainId)
  } catch (cause) {
    if (cause instanceof CapchainError) throw cause
    const reason = cause instanceof Error ? cause.message : String(cause)
    throw new ContractSignatureUnavailableError(`the contract signature check failed: ${reason}`, { ...context, at: AT, cause })
  }
  if (valid !== true) {
    throw new InvalidSignatureError(`${why}, and the contract at ${address} on chain ${chainId} does not accept it`, { ...context, at: AT })
  }
}
