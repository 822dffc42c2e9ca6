import { decodeStrict, dagCborCid } from '@capchain/core/lean'
import { InputTooLargeError, type CapchainErrorOptions } from '@capchain/core/errors'
import { hexToBytes } from '@noble/hashes/utils.js'
import { isChecksumAddress, isHexAddress, toChecksumAddress } from '../address/checksum.js'
import { InvalidSiweMessageError, MalformedCacaoError, UnsupportedCacaoError } from '../errors.js'
import { checkSiweFields } from '../message/check.js'
import { checkChainIdText, quote } from '../message/fields.js'
import { renderSiweFields } from '../message/render.js'
import { DEFAULT_MAX_MESSAGE_LENGTH } from '../message/interface.js'
import { didPkh, splitDidPkh } from './did-pkh.js'
import {
  CACAO_MAX_DEPTH,
  MAX_CACAO_BYTES,
  type CacaoHeaderType,
  type CacaoSignatureEncoding,
  type CacaoSignatureType,
  type DecodedCacao,
} from './interface.js'
import { atCacaoPaths } from './paths.js'

/** Options of {@link decodeCacao}. */
export interface DecodeCacaoOptions {
  /** Largest block accepted, in bytes. Default {@link MAX_CACAO_BYTES}. */
  readonly maxBytes?: number
}

const TOP_KEYS = new Set(['h', 'p', 's'])
const HEADER_KEYS = new Set(['t'])
const SIGNATURE_KEYS = new Set(['t', 's'])
const PAYLOAD_KEYS = new Set(['domain', 'iss', 'aud', 'version', 'nonce', 'iat', 'nbf', 'exp', 'statement', 'requestId', 'resources'])
const HEX_SIGNATURE = /^0x(?:[0-9a-fA-F]{2})+$/
// Objects decodeCacao made: verifySiweRoot trusts these without decoding again, and nothing else.
const decoded = new WeakSet<object>()

/** Whether `value` was returned by {@link decodeCacao} (a look-alike object is not). */
export function isDecodedCacao(value: unknown): value is DecodedCacao {
  return typeof value === 'object' && value !== null && decoded.has(value)
}

/**
 * Whether `bytes` start like a CACAO: a CBOR map of three entries (`0xa3`),
 * where a UCAN envelope is a two-element array (`0x82`). A one-byte sniff for
 * routing a proof to the right decoder; only {@link decodeCacao} decides.
 */
export function looksLikeCacao(bytes: Uint8Array): boolean {
  return bytes[0] === 0xa3
}

/**
 * The EIP-55 form of the issuer's address. As EIP-55 reads case: an all-lower
 * or all-upper address carries no checksum and is taken as written (Ceramic's
 * `@didtools/pkh-ethereum` puts a lowercase one in `iss` while the wallet signs
 * the checksum form, which EIP-4361 requires); a mixed-case one must pass its checksum.
 */
function issuerAddress(address: string): string {
  if (!isHexAddress(address)) throw new InvalidSiweMessageError(`address ${quote(address)} is not "0x" followed by 40 hex digits`, { at: 'address' })
  const digits = address.slice(2)
  if (digits !== digits.toLowerCase() && digits !== digits.toUpperCase() && !isChecksumAddress(address)) {
    throw new InvalidSiweMessageError(`address ${quote(address)} fails its EIP-55 checksum`, { at: 'address' })
  }
  return toChecksumAddress(address)
}

// The CACAO itself is the empty path: its fields are `h`, `p`, `s`, theirs `h.t`, `p.iss`, ….
const join = (path: string, key: string): string => (path === '' ? key : `${path}.${key}`)

/** A decoded CBOR map with only the keys `allowed` permits; anything else names its path. */
function map(value: unknown, path: string, allowed: ReadonlySet<string>, context: CapchainErrorOptions): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof Uint8Array) {
    throw new MalformedCacaoError(`${path === '' ? 'a CACAO' : path} must be a map`, { ...context, at: path === '' ? 'cacao' : path })
  }
  const record = value as Record<string, unknown>
  for (const key of Object.keys(record)) {
    if (!allowed.has(key)) throw new MalformedCacaoError(`unknown CACAO field ${quote(key)}`, { ...context, at: join(path, key) })
  }
  return record
}

function required(record: Record<string, unknown>, key: string, path: string, context: CapchainErrorOptions): unknown {
  const value = record[key]
  if (value === undefined) throw new MalformedCacaoError(`${join(path, key)} is missing`, { ...context, at: join(path, key) })
  return value
}

function headerType(value: unknown, context: CapchainErrorOptions): CacaoHeaderType {
  if (typeof value !== 'string') throw new MalformedCacaoError('h.t must be a string', { ...context, at: 'h.t' })
  if (value !== 'eip4361' && value !== 'caip122') {
    throw new UnsupportedCacaoError(`CACAO header type ${quote(value)} is not a SIWE payload (eip4361 or caip122)`, { ...context, at: 'h.t' })
  }
  return value
}

function signatureType(value: unknown, context: CapchainErrorOptions): CacaoSignatureType {
  if (typeof value !== 'string') throw new MalformedCacaoError('s.t must be a string', { ...context, at: 's.t' })
  if (value !== 'eip191' && value !== 'eip1271') {
    throw new UnsupportedCacaoError(`CACAO signature type ${quote(value)} is not eip191 or eip1271`, { ...context, at: 's.t' })
  }
  return value
}

function signatureBytes(value: unknown, context: CapchainErrorOptions): { bytes: Uint8Array; encoding: CacaoSignatureEncoding } {
  if (value instanceof Uint8Array && value.length > 0) return { bytes: value, encoding: 'bytes' }
  if (typeof value === 'string' && HEX_SIGNATURE.test(value)) return { bytes: hexToBytes(value.slice(2)), encoding: 'hex' }
  throw new MalformedCacaoError('s.s must be non-empty bytes (or, as Ceramic writes it, "0x" and hex digit pairs)', { ...context, at: 's.s' })
}

/**
 * The size rule, checked before anything else is done with the bytes.
 * @throws {InputTooLargeError} if `bytes` is longer than `maxBytes` (`at: cacao`).
 */
export function checkCacaoSize(bytes: Uint8Array, maxBytes: number): void {
  if (bytes.length > maxBytes) throw new InputTooLargeError(bytes.length, maxBytes, 'CACAO', { at: 'cacao' })
}

/**
 * Decode a CACAO (CAIP-74) block holding a signed Sign-In with Ethereum
 * message, strictly:
 * 1. size first (`maxBytes`), then the CID of the bytes as received;
 * 2. canonical DAG-CBOR only (core `decodeStrict`), at most {@link CACAO_MAX_DEPTH} levels deep;
 * 3. exactly `{h: {t}, p: {…}, s: {t, s}}`: no unknown field at any level, a signature present;
 * 4. `h.t` is `eip4361` or `caip122`; `s.t` is `eip191` or `eip1271`; `s.s` is bytes or `0x` hex;
 * 5. `p.iss` is `did:pkh:eip155:<chain id>:<address>`, the address in EIP-55
 *    form or in one case (then normalized: the text signed has the EIP-55 form);
 *    every payload field passes its EIP-4361 rule; `p.statement` and
 *    `p.resources` are not empty (the message text would be ambiguous);
 * 6. the EIP-4361 text is rebuilt from the fields (see {@link DecodedCacao.message}).
 *
 * The signature is not checked: see `verifySiweRoot`.
 * @throws {InputTooLargeError} if `bytes` is longer than `maxBytes`.
 * @throws {MalformedCborError | NonCanonicalCborError} if `bytes` is not canonical DAG-CBOR.
 * @throws {MalformedCacaoError} if the value is not a signed CACAO; `at` is the CACAO path.
 * @throws {UnsupportedCacaoError} if `h.t`, `s.t` or the issuer's DID method or namespace is not one we read.
 * @throws {InvalidSiweMessageError} if a payload field breaks EIP-4361; `at` is the CACAO path (`p.iat`, `p.resources[1]`).
 */
export function decodeCacao(bytes: Uint8Array, options: DecodeCacaoOptions = {}): DecodedCacao {
  if (!(bytes instanceof Uint8Array)) throw new MalformedCacaoError('a CACAO must be given as bytes', { at: 'cacao' })
  checkCacaoSize(bytes, options.maxBytes ?? MAX_CACAO_BYTES)
  const cid = dagCborCid(bytes)
  const context = { cid: cid.toString() }
  const value = decodeStrict(bytes, { maxDepth: CACAO_MAX_DEPTH, errorContext: context })

  const top = map(value, '', TOP_KEYS, context)
  if (top.s === undefined) throw new MalformedCacaoError('the CACAO is not signed (no s)', { ...context, at: 's' })
  const h = map(required(top, 'h', '', context), 'h', HEADER_KEYS, context)
  const type = headerType(required(h, 't', 'h', context), context)
  const s = map(top.s, 's', SIGNATURE_KEYS, context)
  const sigType = signatureType(required(s, 't', 's', context), context)
  const signature = signatureBytes(required(s, 's', 's', context), context)
  const p = map(required(top, 'p', '', context), 'p', PAYLOAD_KEYS, context)

  const iss = splitDidPkh(required(p, 'iss', 'p', context), { ...context, at: 'p.iss' })
  if (p.statement === '') {
    throw new MalformedCacaoError('p.statement is empty; the message text cannot tell it from an absent one', { ...context, at: 'p.statement' })
  }
  if (Array.isArray(p.resources) && p.resources.length === 0) {
    throw new MalformedCacaoError('p.resources is empty; the message text cannot tell it from an absent list', { ...context, at: 'p.resources' })
  }
  const fields = atCacaoPaths(
    () =>
      checkSiweFields({
        domain: p.domain,
        address: issuerAddress(iss.address),
        statement: p.statement,
        uri: p.aud,
        version: p.version,
        chainId: checkChainIdText(iss.chainId),
        nonce: p.nonce,
        issuedAt: p.iat,
        expirationTime: p.exp,
        notBefore: p.nbf,
        requestId: p.requestId,
        resources: p.resources,
      }).fields,
    context,
  )
  // The text the wallet signed is held to the same limit as a message parsed from text.
  const message = renderSiweFields(fields)
  if (message.length > DEFAULT_MAX_MESSAGE_LENGTH) {
    throw new InputTooLargeError(message.length, DEFAULT_MAX_MESSAGE_LENGTH, 'SIWE message of the CACAO', { ...context, at: 'p' }, 'characters')
  }
  const result: DecodedCacao = Object.freeze({
    bytes,
    cid,
    headerType: type,
    iss: didPkh(fields.chainId, fields.address),
    fields,
    message,
    signature: Object.freeze({ type: sigType, ...signature }),
  })
  decoded.add(result)
  return result
}
