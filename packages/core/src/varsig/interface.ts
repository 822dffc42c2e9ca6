/**
 * A decoded varsig v1 header (ChainAgnostic/varsig), restricted to the
 * combinations UCAN 1.0 tokens use. `alg` names the whole signature
 * construction so a verifier can match it against the issuer's key type.
 */
export type VarsigAlgorithm =
  /** EdDSA over edwards25519 with SHA2-512 (PureEdDSA). */
  | 'Ed25519'
  /** ECDSA over P-256 with SHA2-256, raw r||s. */
  | 'ES256'
  /** ECDSA over secp256k1 with SHA2-256, raw r||s. */
  | 'ES256K'
  /** ECDSA over secp256k1 with Keccak-256 of the EIP-191 personal_sign message, r||s (a trailing recovery byte is tolerated). */
  | 'EIP191'

/** Payload encodings we sign over. Only DAG-CBOR is accepted for UCAN envelopes. */
export type VarsigEncoding = 'DAG-CBOR'

export interface VarsigHeader {
  readonly alg: VarsigAlgorithm
  readonly enc: VarsigEncoding
}
