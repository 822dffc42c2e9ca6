import { varint } from 'multiformats'
import { equals } from 'uint8arrays/equals'
import { MalformedVarsigError, UnsupportedVarsigError } from '../errors.js'
import type { CapchainErrorOptions } from '../errors.js'
import * as C from './codes.js'
import { HEADER_BYTES } from './encode.js'
import type { VarsigAlgorithm, VarsigHeader } from './interface.js'

const KNOWN: ReadonlyArray<readonly [Uint8Array, VarsigHeader]> = (Object.keys(HEADER_BYTES) as VarsigAlgorithm[]).map(
  (alg) => [HEADER_BYTES[alg], Object.freeze({ alg, enc: 'DAG-CBOR' as const })] as const,
)

/**
 * Decode a varsig v1 header.
 *
 * Security policy: only the exact byte strings we emit are accepted, so a
 * header has exactly one encoding (no non-minimal varints, no trailing
 * bytes) and an algorithm we did not choose can never reach a verifier.
 * Anything else is parsed only far enough to say what it is.
 *
 * @throws {MalformedVarsigError} not a varsig v1 header (bad prefix, truncated varint)
 * @throws {UnsupportedVarsigError} a well-formed header for an algorithm, curve, hash or encoding we do not accept
 */
export function decodeVarsig(bytes: Uint8Array, context: CapchainErrorOptions = {}): VarsigHeader {
  const header = knownVarsig(bytes)
  if (header === undefined) throw describeUnknown(bytes, context)
  return header
}

/**
 * The header `bytes` are, when they are one we accept; `undefined` otherwise.
 * For callers that build `decodeVarsig`'s error context only on failure.
 */
export function knownVarsig(bytes: Uint8Array): VarsigHeader | undefined {
  for (const [known, header] of KNOWN) {
    if (equals(known, bytes)) return header
  }
  return undefined
}

function describeUnknown(bytes: Uint8Array, context: CapchainErrorOptions): Error {
  const codes: number[] = []
  let offset = 0
  while (offset < bytes.length && codes.length < 8) {
    let code: number
    let length: number
    try {
      ;[code, length] = varint.decode(bytes, offset)
    } catch (cause) {
      return new MalformedVarsigError(`varsig header has a truncated or non-minimal varint at byte ${offset}`, { ...context, cause })
    }
    codes.push(code)
    offset += length
  }
  if (codes[0] !== C.VARSIG_PREFIX) {
    return new MalformedVarsigError(
      `varsig header must start with 0x34, found ${bytes.length === 0 ? 'nothing' : hex(codes[0])}`,
      context,
    )
  }
  if (codes[1] !== C.VARSIG_VERSION_1) {
    return new UnsupportedVarsigError(`varsig version ${hex(codes[1])} is not supported (only v1)`, context)
  }
  const named = codes.slice(2).map((code) => `${hex(code)}${C.CODE_NAMES.has(code) ? ` (${C.CODE_NAMES.get(code)})` : ''}`)
  return new UnsupportedVarsigError(
    `unsupported varsig header [${named.join(', ')}]; accepted: Ed25519, ES256, ES256K and EIP-191 over DAG-CBOR`,
    context,
  )
}

function hex(code: number | undefined): string {
  return code === undefined ? 'nothing' : `0x${code.toString(16)}`
}
