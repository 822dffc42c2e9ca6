import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js'
import { CID } from 'multiformats/cid'
import * as Digest from 'multiformats/hashes/digest'

const SHA2_256 = 0x12
const DAG_CBOR = 0x71

/** SHA2-256, synchronously, on every platform (a CID is computed on every decode). */
export function sha256(bytes: Uint8Array): Uint8Array {
  return nobleSha256(bytes)
}

/** CIDv1, codec dag-cbor, multihash sha2-256 of `bytes`: how every UCAN token is named. */
export function dagCborCid(bytes: Uint8Array): CID {
  return CID.createV1(DAG_CBOR, Digest.create(SHA2_256, sha256(bytes)))
}
