import { InvalidSignatureError } from '@capchain/core/errors'
import { isChecksumAddress, isHexAddress, toChecksumAddress } from '../address/checksum.js'
import { InvalidAddressError, InvalidSiweMessageError } from '../errors.js'
import { PERSONAL_MESSAGE_PREFIX } from './hash.js'
import { recoverPersonalSignAddress } from './recover.js'

/**
 * Check that `signature` is `address`'s EIP-191 `personal_sign` signature
 * over the UTF-8 bytes of `message` (for EOAs; ERC-1271 contract wallets are
 * not handled here).
 *
 * `address` follows EIP-55: an all-lowercase or all-uppercase address carries
 * no checksum and is compared case-insensitively; a mixed-case one must pass
 * its checksum, so a mistyped address is refused instead of silently compared.
 * @throws {InvalidSignatureError} if the signature is malformed, high-S, or made by another key.
 * @throws {InvalidAddressError} if `address` is not 0x + 40 hex digits, or is mixed-case with a wrong checksum.
 * @throws {InvalidSiweMessageError} if `message` is not a string, or already starts with the EIP-191
 *   prefix (it would be hashed with the prefix twice).
 */
export function verifySiweSignature(message: string, signature: Uint8Array | string, address: string): void {
  if (typeof message !== 'string') throw new InvalidSiweMessageError('a SIWE message must be a string', { at: 'message' })
  if (message.startsWith(PERSONAL_MESSAGE_PREFIX)) {
    throw new InvalidSiweMessageError('message already starts with the EIP-191 prefix; pass the bare SIWE message', { at: 'message' })
  }
  if (typeof address !== 'string' || !isHexAddress(address)) {
    throw new InvalidAddressError('the expected address must be "0x" followed by 40 hex digits', { at: 'address' })
  }
  const digits = address.slice(2)
  const mixedCase = digits !== digits.toLowerCase() && digits !== digits.toUpperCase()
  if (mixedCase && !isChecksumAddress(address)) {
    throw new InvalidAddressError(`address ${address} fails its EIP-55 checksum`, { at: 'address' })
  }
  const signer = recoverPersonalSignAddress(message, signature)
  if (signer !== toChecksumAddress(address)) {
    throw new InvalidSignatureError(`signature was made by ${signer}, not ${toChecksumAddress(address)}`, { at: 'signature' })
  }
}
