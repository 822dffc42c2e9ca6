import type { CID } from 'multiformats/cid'
import { dagCborCid } from '../hash/sha256.js'
import { ecdsaSupport } from '../principal/ecdsa-support.js'
import type { Envelope } from '../token/interface.js'
import { compactEip191Signature } from './eip191-compact.js'

/** The head of a canonical envelope, an array of 2. */
const ARRAY_OF_2 = 0x82
const NO_SIGNATURE = new Uint8Array()

/**
 * The identity of a signed envelope: the CID of its one canonical encoding,
 * under which every piece of state about the token is kept (replay records,
 * cap charges, revocations), so that re-encoding a token cannot give it a
 * fresh record.
 *
 * Most envelopes admit one encoding per signed statement (strict canonical
 * DAG-CBOR, Ed25519 strict RFC 8032, secp256k1 low-S only), and their
 * identity is their own CID, with no extra hashing. The forms that admit
 * several get the CID of a canonical one, computed only for them:
 * - ES256 (P-256) with a high S: the envelope with `s` replaced by `n - s`;
 * - EIP-191 as the wallet's 65-byte `r || s || v`: the 64-byte `r || s` form;
 * - EIP-191 issued by a did:pkh account (a wallet-issued root): the envelope
 *   with an empty signature, as `cacaoIdentity` does for SIWE roots, because
 *   a contract wallet (ERC-1271, ERC-6492) may accept many signature byte
 *   strings for one statement, and anyone can wrap one in ERC-6492.
 */
export function envelopeIdentity(envelope: Envelope): CID {
  const canonical = canonicalSignature(envelope)
  return canonical === undefined ? envelope.cid : dagCborCid(withSignature(canonical, envelope.signedBytes))
}

/** The signature of the canonical form, when it differs from the one received. */
function canonicalSignature(envelope: Envelope): Uint8Array | undefined {
  const { header, signature } = envelope
  // Without ECDSA support no ES256 envelope can verify, so its own CID will do.
  if (header.alg === 'ES256') return ecdsaSupport()?.p256LowSTwin(signature)
  if (header.alg !== 'EIP191') return undefined
  if (isPkhIssued(envelope)) return signature.length === 0 ? undefined : NO_SIGNATURE
  return signature.length === 65 ? compactEip191Signature(signature) : undefined
}

function isPkhIssued(envelope: Envelope): boolean {
  const iss = envelope.payload.iss
  return typeof iss === 'string' && iss.startsWith('did:pkh:')
}

/**
 * The canonical envelope `[signature, signed]`, written out around the
 * signed bytes received (canonical already: the decoder checked them).
 */
function withSignature(signature: Uint8Array, signedBytes: Uint8Array): Uint8Array {
  const head = signature.length < 24 ? [0x40 | signature.length] : [0x58, signature.length]
  const bytes = new Uint8Array(1 + head.length + signature.length + signedBytes.length)
  bytes[0] = ARRAY_OF_2
  bytes.set(head, 1)
  bytes.set(signature, 1 + head.length)
  bytes.set(signedBytes, 1 + head.length + signature.length)
  return bytes
}
