/** Multicodec codes that appear in the varsig headers we read and write. */
export const VARSIG_PREFIX = 0x34
export const VARSIG_VERSION_1 = 0x01

export const ALG_EDDSA = 0xed
export const ALG_ECDSA = 0xec
export const CURVE_ED25519 = 0xed
export const CURVE_SECP256K1 = 0xe7
export const CURVE_P256 = 0x1200
export const HASH_SHA2_256 = 0x12
export const HASH_SHA2_512 = 0x13
export const HASH_KECCAK_256 = 0x1b
export const ENC_DAG_CBOR = 0x71
export const ENC_EIP191 = 0xe191

/** Names for codes, so an unsupported header can be described to a person. */
export const CODE_NAMES: ReadonlyMap<number, string> = new Map([
  [0xb1, 'BLS'],
  [0xec, 'ECDSA'],
  [0xed, 'EdDSA / edwards25519'],
  [0x1205, 'RSASSA-PKCS#1 v1.5'],
  [0xe7, 'secp256k1'],
  [0x1200, 'P-256'],
  [0x1201, 'P-384'],
  [0x1202, 'P-521'],
  [0x1203, 'edwards448'],
  [0x12, 'SHA2-256'],
  [0x13, 'SHA2-512'],
  [0x19, 'SHAKE-256'],
  [0x1b, 'Keccak-256'],
  [0x5f, 'raw bytes'],
  [0x71, 'DAG-CBOR'],
  [0x0129, 'DAG-JSON'],
  [0xe191, 'EIP-191'],
])
