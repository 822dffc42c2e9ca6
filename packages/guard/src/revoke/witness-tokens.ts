import { CapchainError } from '@capchain/core/errors'
import { decodeContainer } from '@capchain/core/container'
import { dagCborCid } from '@capchain/core'
import { MAX_CONTAINER_BYTES, MAX_PROOFS, MAX_TOKEN_BYTES } from '@capchain/verifier'
import type { ProofSource, ResolveProof } from '@capchain/verifier'
import type { CID } from 'multiformats/cid'

/**
 * The tokens of a revocation's witness path, by CID string: those among the
 * supplied proofs that hash to a path CID, then `resolve`'s answers for the
 * rest (kept only when they hash to the CID asked for). A path CID with no
 * token is absent. Revocations are rare, so hashing every supplied token
 * here costs nothing that matters; a source the verifier would refuse (over
 * its limits, undecodable) supplies nothing.
 */
export async function witnessTokens(
  path: readonly CID[],
  source: ProofSource | undefined,
  resolve: ResolveProof | undefined,
): Promise<ReadonlyMap<string, Uint8Array>> {
  const wanted = new Set(path.map(String))
  const found = new Map<string, Uint8Array>()
  for (const bytes of suppliedTokens(source)) {
    if (bytes.length > MAX_TOKEN_BYTES) continue
    const cid = dagCborCid(bytes).toString()
    if (wanted.has(cid)) found.set(cid, bytes)
  }
  if (resolve === undefined) return found
  const missing = path.filter((cid) => !found.has(cid.toString()))
  const answers = await Promise.all(missing.map(async (cid) => [cid.toString(), await resolve(cid)] as const))
  for (const [cid, bytes] of answers) {
    if (bytes !== undefined && bytes.length <= MAX_TOKEN_BYTES && dagCborCid(bytes).toString() === cid) found.set(cid, bytes)
  }
  return found
}

function suppliedTokens(source: ProofSource | undefined): readonly Uint8Array[] {
  if (source === undefined) return []
  if (source instanceof Uint8Array || typeof source === 'string') {
    try {
      return decodeContainer(source, { maxBytes: MAX_CONTAINER_BYTES, maxTokens: MAX_PROOFS }).tokens
    } catch (error) {
      if (error instanceof CapchainError) return []
      throw error
    }
  }
  if (source.length > MAX_PROOFS) return []
  return source.map((token) => (token instanceof Uint8Array ? token : token.bytes))
}
