import * as dagCbor from '@ipld/dag-cbor'
import { fromString } from 'uint8arrays/from-string'
import { toString } from 'uint8arrays/to-string'
import { describe, expect, it } from 'vitest'
import { decodeDelegation, decodeToken, verifyTokenSignature } from '../src/token/index.js'
import { importSigner } from '../src/principal/index.js'
import { readVectorJson } from './vectors.js'

interface DelegationVectors {
  principals: Record<string, string>
  valid: Array<{
    name: string
    token: string
    cid: string
    envelope: { payload: Record<string, unknown>; signature: string; alg: string; enc: string; spec: string; version: string }
  }>
}

const vectors = readVectorJson<DelegationVectors>('ucan-1.0.0/delegation.json')
const signers = Object.fromEntries(
  Object.entries(vectors.principals).map(([name, secret]) => [name, importSigner(fromString(secret, 'base64pad'))]),
)

describe('ucan-1.0.0/delegation.json', () => {
  it('has cases', () => expect(vectors.valid.length).toBeGreaterThan(0))

  for (const vector of vectors.valid) {
    describe(vector.name, () => {
      const bytes = fromString(vector.token, 'base64pad')
      const delegation = decodeDelegation(bytes)

      it('decodes to the listed CID', () => {
        expect(delegation.cid.toString()).toBe(vector.cid)
      })

      it('re-encodes byte-identically', () => {
        expect(dagCbor.encode(dagCbor.decode(bytes))).toEqual(bytes)
        expect(decodeToken(bytes).bytes).toEqual(bytes)
      })

      it('has the listed envelope fields and payload', () => {
        const { envelope, payload } = delegation
        expect(envelope.header.alg).toBe(vector.envelope.alg)
        expect(envelope.header.enc).toBe(vector.envelope.enc)
        expect(envelope.kind).toBe(vector.envelope.spec)
        expect(envelope.version).toBe(vector.envelope.version)
        expect(toString(envelope.signature, 'base64pad')).toBe(vector.envelope.signature)
        const expected = vector.envelope.payload
        expect(payload.iss).toBe(expected.iss)
        expect(payload.aud).toBe(expected.aud)
        expect(payload.sub).toBe(expected.sub)
        expect(payload.cmd).toBe(expected.cmd)
        expect(payload.pol).toEqual(expected.pol)
        expect(payload.exp).toBe(expected.exp)
        expect(toString(payload.nonce, 'base64pad')).toBe(expected.nonce)
      })

      it('verifies from the listed issuing principal', async () => {
        const issuer = Object.values(signers).find((signer) => signer.did() === delegation.payload.iss)
        expect(issuer, 'issuer is one of the listed principals').toBeDefined()
        await expect(verifyTokenSignature(delegation)).resolves.toBeUndefined()
        await expect(verifyTokenSignature(delegation, issuer!.toVerifier())).resolves.toBeUndefined()
      })

      it('fails against any other listed principal', async () => {
        for (const signer of Object.values(signers)) {
          if (signer.did() === delegation.payload.iss) continue
          await expect(verifyTokenSignature(delegation, signer.toVerifier())).rejects.toMatchObject({
            code: 'ERR_SIGNATURE_INVALID',
            cid: vector.cid,
          })
        }
      })
    })
  }
})
