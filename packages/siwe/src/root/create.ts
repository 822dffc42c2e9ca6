import { bytesToHex } from '@noble/hashes/utils.js'
import type { CID } from 'multiformats/cid'
import { isChecksumAddress, isHexAddress, toChecksumAddress } from '../address/checksum.js'
import { didPkh } from '../cacao/did-pkh.js'
import { cacaoBlock, toSignatureBytes } from '../cacao/encode.js'
import type { CacaoSignatureEncoding, CacaoSignatureType } from '../cacao/interface.js'
import { recoverPersonalSignAddress } from '../eip191/recover.js'
import { InvalidAddressError, InvalidSiweOptionError } from '../errors.js'
import { checkChainId, quote } from '../message/fields.js'
import type { SiweMessageFields } from '../message/interface.js'
import { renderSiweFields } from '../message/render.js'
import { withRecap } from '../recap/attach.js'
import { verifyRecap } from '../recap/extract.js'
import { recapFromCapabilities } from './capabilities.js'
import type { RootCapability } from './interface.js'
import { sessionDid } from './session.js'

/** What a client needs to have a wallet sign a SIWE root. */
export interface CreateSiweRootInput {
  /** The wallet's `personal_sign` over the message text: 65 bytes r ‖ s ‖ v (or a contract wallet's signature), as bytes or `0x` hex. */
  readonly signMessage: (message: string) => Promise<Uint8Array | string>
  /** The signing account, in any case; a mixed-case address must pass its EIP-55 checksum. */
  readonly address: string
  /** EIP-155 chain id: part of the subject's did:pkh, and where a contract wallet is checked. */
  readonly chainId: number
  /** RFC 3986 authority of the requesting app (the SIWE `domain`). */
  readonly domain: string
  /** The session key the root delegates to: a did:key (the SIWE `URI`). */
  readonly uri: string
  /** What the root grants: each command once, none covering another. */
  readonly capabilities: readonly RootCapability[]
  /** The app's own statement; the ReCap text is appended to it. */
  readonly statement?: string
  /** At least 8 ASCII letters and digits. Default: 32 random hex digits. */
  readonly nonce?: string
  /** Default: now. */
  readonly issuedAt?: string | Date
  readonly expirationTime?: string | Date
  readonly notBefore?: string | Date
  readonly requestId?: string
  /** How the CACAO holds the signature. Default `bytes` (CAIP-74); `hex` for Ceramic tools. */
  readonly signatureEncoding?: CacaoSignatureEncoding
}

/** A signed SIWE root, ready to travel in a UCAN container. */
export interface SiweRoot {
  /** The EIP-4361 text the wallet signed. */
  readonly message: string
  readonly fields: SiweMessageFields
  /** The signature as stored (`v` as 27 / 28 when it is the account's own key's). */
  readonly signature: Uint8Array
  /** `eip191` when the signature recovers to `address`, else `eip1271` (a contract wallet's). */
  readonly signatureType: CacaoSignatureType
  /** The CACAO block. */
  readonly cacao: Uint8Array
  /** Its CID: what the first entry of an invocation's `prf` names. */
  readonly cid: CID
}

const time = (value: string | Date): string => (value instanceof Date ? value.toISOString() : value)

function checkedAddress(address: unknown): string {
  if (typeof address !== 'string' || !isHexAddress(address)) {
    throw new InvalidAddressError('address must be "0x" followed by 40 hex digits', { at: 'address' })
  }
  const digits = address.slice(2)
  const mixedCase = digits !== digits.toLowerCase() && digits !== digits.toUpperCase()
  if (mixedCase && !isChecksumAddress(address)) throw new InvalidAddressError(`address ${address} fails its EIP-55 checksum`, { at: 'address' })
  return toChecksumAddress(address)
}

function randomNonce(): string {
  return bytesToHex(crypto.getRandomValues(new Uint8Array(16)))
}

/**
 * Make a SIWE root on the client: build the EIP-4361 message whose ReCap
 * grants `capabilities` on the signer's did:pkh to the session key `uri`
 * (docs/siwe-root.md), have the wallet sign it once, and encode the signed
 * message as a CACAO block. Everything the verifier checks statically is
 * checked here first, so a wallet is never asked to sign a root that
 * `verifySiweRoot` would refuse for its content.
 * @throws {InvalidAddressError} if `address` is malformed or fails its checksum.
 * @throws {SiweUriNotDidKeyError} if `uri` is not a did:key.
 * @throws {InvalidRootCapabilityError | InvalidRecapError} if a capability cannot be granted by a ReCap.
 * @throws {InvalidSiweMessageError} if a message field breaks EIP-4361 (a statement with a line break, a bad date, …).
 * @throws {RecapStatementMismatchError} if `statement` already shows a ReCap text.
 * @throws {InvalidSignatureError} if the wallet returns something that is not bytes or hex.
 * @throws {InvalidSiweOptionError} if `signatureEncoding` is not `bytes` or `hex`.
 */
export async function createSiweRoot(input: CreateSiweRootInput): Promise<SiweRoot> {
  const address = checkedAddress(input.address)
  const chainId = checkChainId(input.chainId)
  const uri = sessionDid(input.uri, { at: 'uri' })
  const encoding = input.signatureEncoding ?? 'bytes'
  if (encoding !== 'bytes' && encoding !== 'hex') {
    throw new InvalidSiweOptionError(`signatureEncoding ${quote(encoding)} is not bytes or hex`, { at: 'signatureEncoding' })
  }
  const recap = recapFromCapabilities(input.capabilities, didPkh(chainId, address))
  const fields = withRecap(
    {
      domain: input.domain,
      address,
      ...(input.statement === undefined ? {} : { statement: input.statement }),
      uri,
      version: '1',
      chainId,
      nonce: input.nonce ?? randomNonce(),
      issuedAt: time(input.issuedAt ?? new Date()),
      ...(input.expirationTime === undefined ? {} : { expirationTime: time(input.expirationTime) }),
      ...(input.notBefore === undefined ? {} : { notBefore: time(input.notBefore) }),
      ...(input.requestId === undefined ? {} : { requestId: input.requestId }),
    },
    recap,
  )
  // The verifier's ReCap check, e.g. an app statement that itself contains the ReCap preamble.
  verifyRecap(fields)
  const message = renderSiweFields(fields)
  let signature = toSignatureBytes(await input.signMessage(message))

  let signatureType: CacaoSignatureType = 'eip1271'
  if (signature.length === 65) {
    let recovered: string | undefined
    try {
      recovered = recoverPersonalSignAddress(message, signature)
    } catch {
      // Not a valid personal_sign signature: a contract wallet's, checked on chain by the verifier.
    }
    if (recovered === address) {
      signatureType = 'eip191'
      const v = signature[64] as number
      // Some wallets (Ledger, older Trezor) answer v = 0 / 1; store the Ethereum form so the CACAO is canonical.
      if (v < 27) signature = Uint8Array.of(...signature.subarray(0, 64), v + 27)
    }
  }
  const block = cacaoBlock(fields, signature, signatureType, 'eip4361', encoding)
  return Object.freeze({ message, fields, signature, signatureType, cacao: block.bytes, cid: block.cid })
}
