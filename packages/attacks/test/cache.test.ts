/**
 * Attacks on the verifier's caches. A verifier remembers, per proof CID, the
 * decoded token, whether its signature verified and its parsed policy
 * (docs/verification.md, "The cache"), and recognises bytes it hashed before
 * by a fingerprint and a byte comparison. Whatever it remembers must be a
 * function of the bytes the CID names, and nothing else.
 */
import { decodeDelegation } from '@capchain/core/token'
import { createVerifier, PolicyViolationError, SignatureMismatchError, UnavailableProofError } from '@capchain/verifier'
import { beforeAll, describe, expect, it } from 'vitest'
import { accepted, delegate, denied, forgeToken, honestChain, invoke, NOW, principals } from './support/index.js'
import type { Principals } from './support/index.js'

let p: Principals

beforeAll(async () => {
  p = await principals()
})

describe('the proof cache', () => {
  it('never takes bytes that share a fingerprint with a cached proof for it (UnavailableProofError, SignatureMismatchError)', async () => {
    const verifier = createVerifier()
    const { root, mid, invocation, proofs } = await honestChain(p)
    accepted(await verifier.verifyInvocation(invocation.bytes, { proofs, now: NOW, audience: p.service.did() }))
    // Same length, same first 80 and last 16 bytes (the fingerprint), one byte changed in between.
    // The byte flipped is a character of the subject DID, near the end, outside both fingerprinted ranges.
    const at = root.bytes.length - 40
    expect(at).toBeGreaterThan(80)
    const twin = root.bytes.slice()
    twin[at] = twin[at] === 0x61 ? 0x62 : 0x61 // 'a' or 'b': still a base58 character, so the token still decodes
    denied(await verifier.verifyInvocation(invocation.bytes, { proofs: [twin, mid.bytes], now: NOW, audience: p.service.did() }), UnavailableProofError, 'ERR_PROOF_UNAVAILABLE')
    // Named by its own CID, it is decoded and checked afresh: the signature no longer covers it.
    const twinCid = decodeDelegation(twin).cid
    const viaTwin = await invoke(p.bob, { subject: p.space.did(), audience: p.service.did(), proofs: [{ cid: twinCid }, mid] })
    denied(await verifier.verifyInvocation(viaTwin.bytes, { proofs: [twin, mid.bytes], now: NOW, audience: p.service.did() }), SignatureMismatchError, 'ERR_SIGNATURE_MISMATCH')
  })

  // Found by this suite and fixed in dc86d6f ("nothing derived from a caller-decoded token enters the
  // shared cache"): a decoded Delegation is checked only for `cid == hash(bytes)`, and its signature is
  // verified over its own `envelope` and `payload.iss`. Cached under the CID of its bytes, that verdict made
  // an object carrying the bytes of an unsigned forgery X ("space → mallory, /", all-zero signature) and the
  // envelope and payload of mallory's own valid token vouch for X: X's raw bytes, sent by anyone afterwards,
  // verified as the space's delegation.
  it('does not let a decoded object vouch for the bytes it carries (SignatureMismatchError on the forged bytes)', async () => {
    const verifier = createVerifier()
    const forgedBytes = await forgeToken(
      'dlg',
      { iss: p.space.did(), aud: p.mallory.did(), sub: p.space.did(), cmd: '/', pol: [], nonce: new Uint8Array(12), exp: null },
      'Ed25519',
      () => new Uint8Array(64),
    )
    const forged = decodeDelegation(forgedBytes)
    const own = await delegate(p.mallory, p.bob, p.mallory.did())
    // Step 1: the dressed-up object (its cid is the hash of its bytes, as checked).
    const dressed = { ...own, bytes: forged.bytes, cid: forged.cid }
    const probe = await invoke(p.bob, { subject: p.mallory.did(), proofs: [forged] })
    await verifier.verifyInvocation(probe.bytes, { proofs: [dressed], now: NOW })
    // Step 2: the forgery's raw bytes, in an ordinary request.
    const theft = await invoke(p.mallory, { subject: p.space.did(), audience: p.service.did(), proofs: [forged] })
    const result = await verifier.verifyInvocation(theft.bytes, { proofs: [forgedBytes], now: NOW, audience: p.service.did() })
    denied(result, SignatureMismatchError, 'ERR_SIGNATURE_MISMATCH')
  })

  // Was a finding, fixed: the verifier caches decoded proofs and parsed policies whose byte strings and CIDs are
  // views into the caller's input buffer (core/src/cbor/decode-strict.ts: "input handed to the decoder must
  // not be modified afterwards"; verifier/src/decode.ts decodeProof keeps the token in the cache). A service
  // that reuses its receive buffers (uWebSockets.js hands out an ArrayBuffer valid only during the callback;
  // pooled readers) silently rewrites cached policies: below, a policy `["==", ".tag", <bytes>]` signed for
  // 01020304 afterwards admits 09090909 for requests carrying pristine proof bytes. `TokenCache.keyOf` already
  // keeps a private copy for this reason; decoded proofs kept in the cache need the same (copy the bytes once
  // per CID before decoding).
  it('keeps what a cached proof grants when the caller reuses its input buffer (PolicyViolationError)', async () => {
    const verifier = createVerifier()
    const signedTag = Uint8Array.of(1, 2, 3, 4)
    const root = await delegate(p.space, p.alice, p.space.did(), { policy: [['==', '.tag', signedTag]] })
    const buffer = root.bytes.slice()
    const honest = await invoke(p.alice, { subject: p.space.did(), command: '/storage', args: { tag: signedTag }, proofs: [root] })
    accepted(await verifier.verifyInvocation(honest.bytes, { proofs: [buffer], now: NOW }))
    // The service reuses its buffer for the next request's bytes.
    const at = buffer.findIndex((_, i) => signedTag.every((byte, j) => buffer[i + j] === byte))
    buffer.set([9, 9, 9, 9], at)
    const unsigned = await invoke(p.alice, { subject: p.space.did(), command: '/storage', args: { tag: Uint8Array.of(9, 9, 9, 9) }, proofs: [root] })
    const result = await verifier.verifyInvocation(unsigned.bytes, { proofs: [root.bytes.slice()], now: NOW })
    denied(result, PolicyViolationError, 'ERR_POLICY_VIOLATION')
  })

  it('cannot be made to hold more than its byte bound with large self-signed proofs', async () => {
    // Mallory signs for herself (she is her own subject), so every proof verifies and is cached.
    const bound = 64 * 1024
    const verifier = createVerifier({ cacheBytes: bound })
    const padding = 'x'.repeat(8 * 1024)
    let largest = 0
    for (let i = 0; i < 40; i++) {
      const root = await delegate(p.mallory, p.bob, p.mallory.did(), { policy: [['!=', '.path', `${padding}${i}`]] })
      largest = Math.max(largest, root.bytes.length)
      const invocation = await invoke(p.bob, { subject: p.mallory.did(), audience: p.service.did(), proofs: [root] })
      accepted(await verifier.verifyInvocation(invocation.bytes, { proofs: [root.bytes], now: NOW, audience: p.service.did() }))
      expect(verifier.cachedBytes).toBeLessThanOrEqual(bound + largest)
    }
    expect(largest).toBeGreaterThan(8 * 1024)
    expect(verifier.cacheSize).toBeLessThan(40)
  })
})
