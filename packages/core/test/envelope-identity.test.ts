/**
 * One identity per signed statement (src/envelope/identity.ts): the forms a
 * statement may be received in (P-256 high or low S, EIP-191 in 64 or 65
 * bytes, any signature of a did:pkh root) verify alike and share one
 * identity, while the rules that refuse stay as they were.
 */
import * as dagCbor from '@ipld/dag-cbor'
import { describe, expect, it } from 'vitest'
import { dagCborCid } from '../src/hash/sha256.js'
import { envelopeIdentity } from '../src/envelope/index.js'
import { generateSigner, recoverSecp256k1PublicKey } from '../src/principal/index.js'
import type { DigestSigner, KeyType, Signer } from '../src/principal/index.js'
import { createDelegation, decodeDelegation, verifyTokenSignature } from '../src/token/index.js'
import type { Delegation } from '../src/token/index.js'
import { eip191Digest } from '../src/envelope/eip191.js'
import { InvalidSignatureError } from '../src/errors.js'

const ORDER = {
  secp256k1: 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n,
  'P-256': 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
} as const

const be = (bytes: Uint8Array): bigint => BigInt(`0x${Buffer.from(bytes).toString('hex') || '0'}`)

function negateS(keyType: 'secp256k1' | 'P-256', rs: Uint8Array): Uint8Array {
  const out = rs.slice()
  out.set(Buffer.from((ORDER[keyType] - be(rs.subarray(32, 64))).toString(16).padStart(64, '0'), 'hex'), 32)
  return out
}

/** The same signed payload under another signature, canonically encoded. */
function withSignature(token: Delegation, signature: Uint8Array): Delegation {
  return decodeDelegation(dagCbor.encode([signature, dagCbor.decode(token.envelope.signedBytes)]))
}

async function delegation(issuer: Signer, algorithm?: 'EIP191'): Promise<Delegation> {
  const audience = (await generateSigner('Ed25519')).did()
  return createDelegation(
    { issuer, audience, subject: issuer.did(), command: '/storage', expiration: 2_000_000_000 },
    algorithm === undefined ? {} : { algorithm },
  )
}

/** The wallet's 65-byte form: `r || s || v` with the v (27 or 28) that recovers the signer's key. */
function withRecoveryByte(token: Delegation, signer: Signer): Uint8Array {
  const digest = eip191Digest(token.envelope.signedBytes)
  for (const v of [27, 28]) {
    const signature = Uint8Array.of(...token.envelope.signature, v)
    if (Buffer.from(recoverSecp256k1PublicKey(digest, signature)).equals(signer.publicKey)) return signature
  }
  throw new Error('no recovery byte recovers the signer')
}

const verifies = async (token: Delegation): Promise<boolean> =>
  verifyTokenSignature(token).then(
    () => true,
    (error: unknown) => {
      if (error instanceof InvalidSignatureError) return false
      throw error
    },
  )

describe('envelopeIdentity', () => {
  it.each(['Ed25519', 'secp256k1', 'P-256'] satisfies KeyType[])('is the CID itself for a %s token as signed', async (keyType) => {
    const token = await delegation(await generateSigner(keyType))
    expect(envelopeIdentity(token.envelope)).toBe(token.cid)
  })

  it('P-256: the high-S twin verifies, has another CID and the same identity (the low-S CID)', async () => {
    const low = await delegation(await generateSigner('P-256'))
    const high = withSignature(low, negateS('P-256', low.envelope.signature))
    expect(await verifies(high)).toBe(true)
    expect(high.cid.equals(low.cid)).toBe(false)
    expect(envelopeIdentity(high.envelope).equals(low.cid)).toBe(true)
  })

  it('P-256: a high-S signature by another key is refused', async () => {
    const low = await delegation(await generateSigner('P-256'))
    const other = await generateSigner('P-256')
    const forged = withSignature(low, negateS('P-256', await other.sign(low.envelope.signedBytes)))
    expect(await verifies(forged)).toBe(false)
  })

  it('secp256k1 (ES256K): the high-S twin is refused', async () => {
    const low = await delegation(await generateSigner('secp256k1'))
    expect(await verifies(withSignature(low, negateS('secp256k1', low.envelope.signature)))).toBe(false)
  })
})

describe('EIP-191 envelope signatures: 64 and 65 bytes', () => {
  it('both forms verify and share one identity, the 64-byte CID', async () => {
    const signer = await generateSigner('secp256k1')
    const short = await delegation(signer, 'EIP191')
    const long = withSignature(short, withRecoveryByte(short, signer))
    expect(long.envelope.signature).toHaveLength(65)
    expect(await verifies(short)).toBe(true)
    expect(await verifies(long)).toBe(true)
    expect(long.cid.equals(short.cid)).toBe(false)
    expect(envelopeIdentity(long.envelope).equals(short.cid)).toBe(true)
    expect(envelopeIdentity(short.envelope)).toBe(short.cid)
  })

  it('refuses the wrong recovery byte, 0 / 1, and anything else after r || s', async () => {
    const signer = await generateSigner('secp256k1')
    const short = await delegation(signer, 'EIP191')
    const right = withRecoveryByte(short, signer)
    const wrong = right[64] === 27 ? 28 : 27
    for (const v of [wrong, right[64]! - 27, 0, 1, 29, 35, 255]) {
      const token = withSignature(short, Uint8Array.of(...short.envelope.signature, v))
      expect(await verifies(token), `v = ${v}`).toBe(false)
    }
    for (const length of [63, 66]) {
      const token = withSignature(short, Uint8Array.of(...right, 0).subarray(0, length))
      expect(await verifies(token), `${length} bytes`).toBe(false)
    }
  })

  it('a 65-byte token claiming key A and signed by key B is refused', async () => {
    const a = await generateSigner('secp256k1')
    const b = (await generateSigner('secp256k1')) as DigestSigner
    const claimed = await delegation(a, 'EIP191')
    const forged = b.signDigest(eip191Digest(claimed.envelope.signedBytes))
    for (const v of [27, 28]) {
      expect(await verifies(withSignature(claimed, Uint8Array.of(...forged, v))), `v = ${v}`).toBe(false)
    }
    expect(await verifies(withSignature(claimed, forged))).toBe(false)
  })

  it('high S stays refused on both forms', async () => {
    const signer = await generateSigner('secp256k1')
    const short = await delegation(signer, 'EIP191')
    const high = negateS('secp256k1', short.envelope.signature)
    expect(await verifies(withSignature(short, high))).toBe(false)
    for (const v of [27, 28]) expect(await verifies(withSignature(short, Uint8Array.of(...high, v)))).toBe(false)
  })

  it('a did:pkh issuer’s envelope is identified without its signature, whatever signature it carries', async () => {
    const signer = (await generateSigner('secp256k1')) as DigestSigner
    const key = await delegation(signer, 'EIP191')
    const payload = dagCbor.decode(key.envelope.signedBytes) as Record<string, Record<string, unknown>>
    const tag = Object.keys(payload).find((k) => k !== 'h')!
    const iss = 'did:pkh:eip155:1:0x0000000000000000000000000000000000000001'
    const signed = { ...payload, [tag]: { ...payload[tag], iss, sub: iss } }
    const unsigned = dagCborCid(dagCbor.encode([new Uint8Array(), signed]))
    for (const signature of [new Uint8Array(), new Uint8Array(64).fill(1), new Uint8Array(65).fill(2), new Uint8Array(300).fill(3)]) {
      const token = decodeDelegation(dagCbor.encode([signature, signed]))
      expect(envelopeIdentity(token.envelope).equals(unsigned), `${signature.length} bytes`).toBe(true)
    }
  })
})
