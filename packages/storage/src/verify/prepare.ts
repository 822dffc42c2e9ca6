/**
 * Proofs, made ready for the chain verifier with caps taken out.
 *
 * Every token is re-read from its own bytes, even one handed in decoded: a
 * decoded object's payload is not bound to its bytes, and trusting it would
 * let a caller drop a cap. For each referenced delegation with a cap, the
 * verifier gets a view, the same token (bytes, CID, envelope, signature)
 * with the cap statement removed from `payload.pol`; the cap itself is
 * returned here for the ledger. Everything else goes to the verifier as raw
 * bytes, so its own checks and typed denials apply unchanged.
 *
 * Inputs the verifier refuses before decoding (a container or proof set over
 * its limits, a container that does not decode) are passed through as they
 * are: nothing is taken out of them, so they can only be denied.
 */
import { CapchainError } from '@capchain/core/errors'
import { decodeContainer } from '@capchain/core/container'
import { dagCborCid } from '@capchain/core'
import { decodeDelegation } from '@capchain/core/token'
import type { Delegation } from '@capchain/core/token'
import type { CapLimit } from '@capchain/store'
import { MAX_CONTAINER_BYTES, MAX_PROOFS, MAX_TOKEN_BYTES } from '@capchain/verifier'
import type { ProofSource, ResolveProof } from '@capchain/verifier'
import type { CID } from 'multiformats/cid'
import { splitCap } from '../cap/statement.js'

export interface PreparedProofs {
  /** What the chain verifier gets as `proofs`. */
  readonly proofs: ProofSource | undefined
  /** What it gets as `resolve`: answers that did not hash to their CID, so that it reports the mismatch. */
  readonly resolve: ResolveProof | undefined
  /** Caps by delegation CID, read from the bytes. */
  readonly caps: ReadonlyMap<string, CapLimit>
  /** Every referenced delegation that decoded, by CID, as read from its bytes (cap included). */
  readonly delegations: ReadonlyMap<string, Delegation>
  /** The token handed to the verifier for each referenced CID that was found: a view, or bytes. */
  readonly entries: ReadonlyMap<string, Uint8Array | Delegation>
}

/**
 * Prepare the proofs for the CIDs in `wanted` (an invocation's `prf`, and a
 * revocation's witness path). Callers bound `wanted` first (at most
 * `MAX_CHAIN_LENGTH` per list): each missing CID is one `resolve` call.
 *
 * @throws {InvalidCapError} a referenced delegation holds a malformed, nested or unknown cap
 */
export async function prepareProofs(
  wanted: readonly CID[],
  source: ProofSource | undefined,
  resolve: ResolveProof | undefined,
): Promise<PreparedProofs> {
  const supplied = suppliedTokens(source)
  if (supplied === undefined) return { proofs: source, resolve, caps: new Map(), delegations: new Map(), entries: new Map() }

  const index = new Map<string, Uint8Array>()
  for (const bytes of supplied) {
    // Oversized tokens are left for the verifier to refuse if referenced; hashing them would be wasted work.
    if (bytes.length <= MAX_TOKEN_BYTES) index.set(dagCborCid(bytes).toString(), bytes)
  }
  const mismatched = await resolveMissing(wanted, index, resolve)

  const caps = new Map<string, CapLimit>()
  const delegations = new Map<string, Delegation>()
  const entries = new Map<string, Uint8Array | Delegation>()
  for (const cid of new Set(wanted.map(String))) {
    const bytes = index.get(cid)
    if (bytes === undefined) continue
    const delegation = decodeOrUndefined(bytes)
    if (delegation === undefined) {
      entries.set(cid, bytes)
      continue
    }
    delegations.set(cid, delegation)
    const { cap, rest } = splitCap(delegation.payload.pol, cid)
    if (cap === undefined) {
      entries.set(cid, bytes)
    } else {
      caps.set(cid, cap)
      entries.set(cid, { ...delegation, payload: { ...delegation.payload, pol: rest } })
    }
  }
  return {
    proofs: [...entries.values()],
    resolve: mismatched.size === 0 ? undefined : async (cid) => mismatched.get(cid.toString()),
    caps,
    delegations,
    entries,
  }
}

/** The supplied tokens as bytes, or `undefined` when the verifier will refuse the set before decoding it. */
function suppliedTokens(source: ProofSource | undefined): readonly Uint8Array[] | undefined {
  if (source === undefined) return []
  if (source instanceof Uint8Array || typeof source === 'string') {
    if (source.length > MAX_CONTAINER_BYTES) return undefined
    try {
      return decodeContainer(source, { maxBytes: MAX_CONTAINER_BYTES, maxTokens: MAX_PROOFS }).tokens
    } catch (error) {
      if (error instanceof CapchainError) return undefined
      throw error
    }
  }
  if (source.length > MAX_PROOFS) return undefined
  return source.map((token) => (token instanceof Uint8Array ? token : token.bytes))
}

/**
 * Ask `resolve` for wanted CIDs not supplied, all at once. Answers that hash
 * to their CID join `index`; the others are returned, for the verifier.
 */
async function resolveMissing(
  wanted: readonly CID[],
  index: Map<string, Uint8Array>,
  resolve: ResolveProof | undefined,
): Promise<ReadonlyMap<string, Uint8Array>> {
  const mismatched = new Map<string, Uint8Array>()
  if (resolve === undefined) return mismatched
  const missing = new Map(wanted.filter((cid) => !index.has(cid.toString())).map((cid) => [cid.toString(), cid]))
  const answers = await Promise.all([...missing].map(async ([key, cid]) => [key, await resolve(cid)] as const))
  for (const [cid, bytes] of answers) {
    if (bytes === undefined) continue
    if (bytes.length <= MAX_TOKEN_BYTES && dagCborCid(bytes).toString() === cid) index.set(cid, bytes)
    else mismatched.set(cid, bytes)
  }
  return mismatched
}

function decodeOrUndefined(bytes: Uint8Array): Delegation | undefined {
  try {
    return decodeDelegation(bytes)
  } catch (error) {
    if (error instanceof CapchainError) return undefined
    throw error
  }
}
