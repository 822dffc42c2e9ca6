/**
 * iso-ucan (npm `iso-ucan`, a UCAN 1.0 implementation) verifying the same
 * chains, byte for byte, that capchain verifies.
 *
 * - cold: every proof is decoded from what a store holds, with iso-ucan's own
 *   `Delegation.fromString` (the way its `Store.get` reads a proof: no
 *   signature check there, `Invocation.from` checks each proof once);
 * - warm: proofs come already decoded from a map (an application memo;
 *   iso-ucan has no cache of its own), so only the invocation is decoded, but
 *   `Invocation.from` still validates every proof, signature included.
 */
import { parse as parseDid } from 'iso-did'
import { verifier as eddsaVerifier } from 'iso-signatures/verifiers/eddsa.js'
import { Resolver } from 'iso-signatures/verifiers/resolver.js'
import { Delegation } from 'iso-ucan/delegation'
import { Invocation } from 'iso-ucan/invocation'
import type { Ucan1Chain } from './ucan1.js'

const verifierResolver = new Resolver({ ...eddsaVerifier })

export interface IsoChain {
  /** base64 of each proof by CID string, as iso-ucan's Store keeps them. */
  readonly stored: ReadonlyMap<string, string>
  /** Each proof decoded once, by CID string. */
  readonly decoded: ReadonlyMap<string, Delegation>
  readonly service: string
}

export async function isoChain(chain: Ucan1Chain): Promise<IsoChain> {
  const now = Math.floor(Date.now() / 1000)
  const decoded = new Map<string, Delegation>()
  const stored = new Map<string, string>()
  for (const bytes of chain.proofs) {
    const delegation = await Delegation.from({ bytes, verifierResolver, now })
    decoded.set(delegation.cid.toString(), delegation)
    stored.set(delegation.cid.toString(), delegation.toString())
  }
  return { stored, decoded, service: chain.service }
}

/**
 * The proofs as iso-ucan's Store keeps them (unpadded base64 by CID string), without
 * decoding them: a cold verification decodes them.
 */
export function isoStored(chain: Ucan1Chain): IsoChain {
  const stored = new Map<string, string>()
  for (const delegation of chain.delegations) stored.set(delegation.cid.toString(), Buffer.from(delegation.bytes).toString('base64').replace(/=+$/, ''))
  return { stored, decoded: new Map(), service: chain.service }
}

function verify(bytes: Uint8Array, chain: IsoChain, resolveProof: (cid: { toString(): string }) => Promise<Delegation>): Promise<Invocation> {
  return Invocation.from({
    bytes,
    verifierResolver,
    now: Math.floor(Date.now() / 1000),
    audience: parseDid(chain.service) as never,
    resolveProof: resolveProof as never,
  })
}

/** Verify an invocation whose proofs iso-ucan has to decode from storage. Rejects if invalid. */
export function isoVerifyCold(bytes: Uint8Array, chain: IsoChain): Promise<Invocation> {
  return verify(bytes, chain, async (cid) => {
    const token = chain.stored.get(cid.toString())
    if (token === undefined) throw new Error(`no proof ${cid.toString()}`)
    return Delegation.fromString(token)
  })
}

/** Verify an invocation whose proofs are already decoded. Rejects if invalid. */
export function isoVerifyWarm(bytes: Uint8Array, chain: IsoChain): Promise<Invocation> {
  return verify(bytes, chain, async (cid) => {
    const delegation = chain.decoded.get(cid.toString())
    if (delegation === undefined) throw new Error(`no proof ${cid.toString()}`)
    return delegation
  })
}
