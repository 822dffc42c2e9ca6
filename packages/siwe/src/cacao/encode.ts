import { dagCborCid, encodeDagCbor } from '@capchain/core/lean'
import { InvalidSignatureError } from '@capchain/core/errors'
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js'
import type { CID } from 'multiformats/cid'
import { InvalidSiweMessageError, InvalidSiweOptionError, UnsupportedCacaoError } from '../errors.js'
import { quote } from '../message/fields.js'
import type { SiweMessageFields } from '../message/interface.js'
import { parseSiweMessage } from '../message/parse.js'
import { didPkh } from './did-pkh.js'
import type { CacaoHeaderType, CacaoSignatureEncoding, CacaoSignatureType } from './interface.js'

/** A SIWE message and the signature a wallet made over it. */
export interface SignedSiweMessage {
  /** The EIP-4361 text exactly as signed. */
  readonly message: string
  /** The signature bytes, or their `0x` hex, as the wallet returned them. */
  readonly signature: Uint8Array | string
  /** Default `eip191`: a `personal_sign` signature. Use `eip1271` for a contract wallet's. */
  readonly signatureType?: CacaoSignatureType
}

/** Options of {@link encodeCacao}. */
export interface EncodeCacaoOptions {
  /** How `s.s` holds the signature. Default `bytes` (CAIP-74); `hex` for Ceramic's `@didtools/pkh-ethereum` verifier. */
  readonly signatureEncoding?: CacaoSignatureEncoding
}

/** A CACAO block: its DAG-CBOR bytes and their CID. */
export interface CacaoBlock {
  readonly bytes: Uint8Array
  readonly cid: CID
}

const HEX = /^0x(?:[0-9a-fA-F]{2})+$/

/**
 * Signature bytes from a wallet's answer: bytes, or `0x` followed by an even number of hex digits.
 * @throws {InvalidSignatureError} if `signature` is neither, or is empty.
 */
export function toSignatureBytes(signature: unknown): Uint8Array {
  if (signature instanceof Uint8Array && signature.length > 0) return signature
  if (typeof signature === 'string' && HEX.test(signature)) return hexToBytes(signature.slice(2))
  throw new InvalidSignatureError('a signature must be non-empty bytes or "0x" followed by hex digit pairs', { at: 'signature' })
}

/**
 * The DAG-CBOR bytes of a CACAO for checked fields. The CACAO payload has no
 * place for a scheme, and cannot tell an empty statement or resource list from
 * an absent one (the EIP-4361 text can), so those are refused.
 * @throws {InvalidSiweMessageError} if `fields` has a scheme, an empty statement or an empty resource list.
 */
export function cacaoBlock(
  fields: SiweMessageFields,
  signature: Uint8Array,
  signatureType: CacaoSignatureType,
  headerType: CacaoHeaderType = 'eip4361',
  signatureEncoding: CacaoSignatureEncoding = 'bytes',
): CacaoBlock {
  if (fields.scheme !== undefined) {
    throw new InvalidSiweMessageError('a CACAO has no field for the origin scheme; sign a message without one', { at: 'scheme' })
  }
  if (fields.statement === '') {
    throw new InvalidSiweMessageError('a CACAO cannot tell an empty statement from none; leave it out', { at: 'statement' })
  }
  if (fields.resources?.length === 0) {
    throw new InvalidSiweMessageError('a CACAO cannot tell an empty resource list from none; leave it out', { at: 'resources' })
  }
  const s = signatureEncoding === 'hex' ? `0x${bytesToHex(signature)}` : signature
  const bytes = encodeDagCbor({ h: { t: headerType }, p: cacaoPayload(fields), s: { t: signatureType, s } })
  return { bytes, cid: dagCborCid(bytes) }
}

/** The CACAO payload `p` for checked fields, the issuer's address spelled as in `fields` (EIP-55 once checked). */
export function cacaoPayload(fields: SiweMessageFields): Record<string, unknown> {
  return {
    domain: fields.domain,
    iss: didPkh(fields.chainId, fields.address),
    aud: fields.uri,
    version: fields.version,
    nonce: fields.nonce,
    iat: fields.issuedAt,
    ...(fields.notBefore === undefined ? {} : { nbf: fields.notBefore }),
    ...(fields.expirationTime === undefined ? {} : { exp: fields.expirationTime }),
    ...(fields.statement === undefined ? {} : { statement: fields.statement }),
    ...(fields.requestId === undefined ? {} : { requestId: fields.requestId }),
    ...(fields.resources === undefined ? {} : { resources: [...fields.resources] }),
  }
}

/**
 * Encode a signed SIWE message as a CACAO (CAIP-74) block:
 * `{h: {t: "eip4361"}, p: {domain, iss, aud, version, nonce, iat, nbf?, exp?, statement?, requestId?, resources?}, s: {t, s}}`,
 * with `iss` the signer's `did:pkh:eip155:<chain id>:<address>` and `aud` the
 * message's `URI`. The message text is parsed (every EIP-4361 rule) and is
 * exactly what {@link decodeCacao} rebuilds from the block. The signature is
 * not checked here.
 * @throws {InvalidSiweMessageError} if the message is not valid EIP-4361, or has a scheme, an empty statement or an empty resource list.
 * @throws {InputTooLargeError} if the message is longer than `DEFAULT_MAX_MESSAGE_LENGTH`.
 * @throws {InvalidSignatureError} if the signature is not bytes or hex.
 * @throws {UnsupportedCacaoError} if `signatureType` is not `eip191` or `eip1271`.
 * @throws {InvalidSiweOptionError} if `signatureEncoding` is not `bytes` or `hex`.
 */
export function encodeCacao(signed: SignedSiweMessage, options: EncodeCacaoOptions = {}): CacaoBlock {
  const signatureType = signed.signatureType ?? 'eip191'
  if (signatureType !== 'eip191' && signatureType !== 'eip1271') {
    throw new UnsupportedCacaoError(`signature type ${quote(signatureType)} is not eip191 or eip1271`, { at: 'signatureType' })
  }
  const encoding = options.signatureEncoding ?? 'bytes'
  if (encoding !== 'bytes' && encoding !== 'hex') {
    throw new InvalidSiweOptionError(`signatureEncoding ${quote(encoding)} is not bytes or hex`, { at: 'signatureEncoding' })
  }
  const fields = parseSiweMessage(signed.message)
  return cacaoBlock(fields, toSignatureBytes(signed.signature), signatureType, 'eip4361', encoding)
}
