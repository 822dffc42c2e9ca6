import type { CID } from 'multiformats/cid'
import { decodeStrict } from '../cbor/decode-strict.js'
import { InputTooLargeError, MalformedTokenError, UnsupportedTokenTagError } from '../errors.js'
import type { CapchainErrorOptions } from '../errors.js'
import { dagCborCid } from '../hash/sha256.js'
import type { DecodeOptions, Envelope, IPLDMap } from '../token/interface.js'
import { decodeVarsig, knownVarsig } from '../varsig/decode.js'
import { MAX_TOKEN_BYTES } from './limits.js'
import { parseTag } from './tag.js'

/**
 * Decode a UCAN 1.0 envelope: `[signature, {h: varsig, "ucan/<kind>@<version>": payload}]`.
 *
 * The CID is computed here from the bytes as received, before anything else
 * can refer to the token; the signature is not checked (see `verifyEnvelopeSignature`).
 *
 * @throws {InputTooLargeError} more than `maxTokenBytes` (checked before decoding)
 * @throws {MalformedCborError | NonCanonicalCborError} not canonical DAG-CBOR
 * @throws {MalformedTokenError} not the envelope shape; `at` names the field
 * @throws {UnsupportedTokenTagError} a payload tag other than `ucan/dlg` or `ucan/inv` at 1.0.0 or 1.0.0-rc.1
 * @throws {MalformedVarsigError | UnsupportedVarsigError} the header `h` is not one we accept
 */
export function decodeEnvelope(bytes: Uint8Array, options: DecodeOptions = {}): Envelope {
  const limit = options.maxTokenBytes ?? MAX_TOKEN_BYTES
  if (bytes.length > limit) throw new InputTooLargeError(bytes.length, limit, 'token')
  const cid = dagCborCid(bytes)
  const value = decodeStrict(bytes, { errorContext: () => tokenErrorContext(cid) })

  if (!Array.isArray(value) || value.length !== 2) {
    throw new MalformedTokenError('a UCAN envelope is an array of [signature, signed payload]', tokenErrorContext(cid, 'envelope'))
  }
  const signature: unknown = value[0]
  const signed: unknown = value[1]
  if (!(signature instanceof Uint8Array)) {
    throw new MalformedTokenError('envelope[0] (signature) must be bytes', tokenErrorContext(cid, 'envelope[0]'))
  }
  if (!isPlainMap(signed)) {
    throw new MalformedTokenError('envelope[1] (signed payload) must be a map', tokenErrorContext(cid, 'envelope[1]'))
  }
  const keys = Object.keys(signed)
  const tag = keys.length === 2 ? (keys[0] === 'h' ? keys[1] : keys[1] === 'h' ? keys[0] : undefined) : undefined
  if (tag === undefined) {
    throw new MalformedTokenError(
      `the signed payload must have exactly the keys "h" and one "ucan/<kind>@<version>" tag, found [${keys.map((k) => JSON.stringify(k)).join(', ')}]`,
      tokenErrorContext(cid, 'envelope[1]'),
    )
  }
  const headerBytes = signed.h
  if (!(headerBytes instanceof Uint8Array)) {
    throw new MalformedTokenError('the varsig header "h" must be bytes', tokenErrorContext(cid, 'h'))
  }
  // decodeVarsig runs only to raise the error, so the context is built only then.
  const header = knownVarsig(headerBytes) ?? decodeVarsig(headerBytes, tokenErrorContext(cid, 'h'))
  const parsed = parseTag(tag)
  if (parsed === undefined) throw new UnsupportedTokenTagError(tag, tokenErrorContext(cid, 'envelope[1]'))
  const payload = signed[tag]
  if (!isPlainMap(payload)) {
    throw new MalformedTokenError(`the payload under "${tag}" must be a map`, tokenErrorContext(cid, 'payload'))
  }

  return {
    bytes,
    cid,
    signature,
    header,
    headerBytes,
    tag,
    kind: parsed.kind,
    version: parsed.version,
    signedBytes: bytes.subarray(signedPayloadOffset(signature.length)),
    payload: payload as IPLDMap,
  }
}

/**
 * The context of an error about the token named `cid`. Built only when an
 * error is raised: rendering the CID string costs as much as a tenth of a
 * whole decode, and a token that decodes never needs it.
 */
export function tokenErrorContext(cid: CID, at?: string): CapchainErrorOptions {
  return at === undefined ? { cid: cid.toString() } : { cid: cid.toString(), at }
}

/**
 * Where `envelope[1]` starts: after the one-byte array header and the
 * signature's byte-string header and body. Valid only for canonical bytes,
 * which `decodeStrict` has just established; this avoids re-encoding the
 * signed payload to get the bytes the signature covers.
 */
function signedPayloadOffset(signatureLength: number): number {
  const lengthHeader = signatureLength < 24 ? 1 : signatureLength < 0x100 ? 2 : signatureLength < 0x10000 ? 3 : 5
  return 1 + lengthHeader + signatureLength
}

export function isPlainMap(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false
  const proto = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}
