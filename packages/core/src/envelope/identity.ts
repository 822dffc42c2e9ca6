import type { CID } from 'multiformats/cid'
import type { Envelope } from '../token/interface.js'

/**
 * The identity of a signed envelope: the CID of its one canonical encoding,
 * under which every piece of state about the token is kept (replay records,
 * cap charges, revocations), so that re-encoding a token cannot give it a
 * fresh record.
 *
 * Today this is the envelope's own CID, with no extra hashing: the decoder
 * admits one encoding per signed statement (strict canonical DAG-CBOR, and
 * signatures with one accepted form each: Ed25519 strict RFC 8032, ECDSA
 * low-S only, 64-byte EIP-191). A signature form that admits several
 * encodings must give its envelopes the CID of a canonical one here.
 */
export function envelopeIdentity(envelope: Envelope): CID {
  return envelope.cid
}
