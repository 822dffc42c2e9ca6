import { encodeDagCbor } from '../cbor/encode.js'
import { InvalidKeyError } from '../errors.js'
import type { DigestSigner, Signer } from '../principal/interface.js'
import type { DecodeOptions, Envelope, IPLDMap, TokenKind } from '../token/interface.js'
import { encodeVarsig } from '../varsig/encode.js'
import type { VarsigAlgorithm } from '../varsig/interface.js'
import { DEFAULT_ALGORITHM, KEY_TYPE_OF } from './algorithm.js'
import { decodeEnvelope } from './decode.js'
import { eip191Digest } from './eip191.js'
import { formatTag } from './tag.js'

export interface SignEnvelopeOptions extends DecodeOptions {
  /** Signature algorithm; defaults to the signer's key type's standard one (ES256K for secp256k1). */
  algorithm?: VarsigAlgorithm
}

/**
 * Sign a payload into a UCAN 1.0 envelope and return it decoded, exactly as
 * a receiver would see it (the same decoder runs on what we produce).
 *
 * @throws {InvalidKeyError} the algorithm does not fit the signer's key type
 * @throws {MalformedTokenError | InputTooLargeError} the payload cannot form a valid envelope
 * @throws {UnencodableValueError} the payload holds a value outside the IPLD data model
 */
export async function signEnvelope(
  signer: Signer,
  kind: TokenKind,
  payload: IPLDMap,
  options: SignEnvelopeOptions = {},
): Promise<Envelope> {
  const algorithm = options.algorithm ?? DEFAULT_ALGORITHM[signer.keyType]
  if (KEY_TYPE_OF[algorithm] !== signer.keyType) {
    throw new InvalidKeyError(`a ${signer.keyType} key cannot sign with ${algorithm}`)
  }
  const signed = { h: encodeVarsig({ alg: algorithm, enc: 'DAG-CBOR' }), [formatTag(kind)]: payload }
  const signedBytes = encodeDagCbor(signed)
  const signature =
    algorithm === 'EIP191' ? (signer as DigestSigner).signDigest(eip191Digest(signedBytes)) : await signer.sign(signedBytes)
  return decodeEnvelope(encodeDagCbor([signature, signed]), options)
}
