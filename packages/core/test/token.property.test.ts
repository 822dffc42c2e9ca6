import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { CapchainError } from '../src/errors.js'
import { generateSigner } from '../src/principal/index.js'
import type { KeyType, Signer } from '../src/principal/interface.js'
import { createDelegation, createInvocation, decodeToken, verifyTokenSignature } from '../src/token/index.js'
import type { IPLDValue } from '../src/token/index.js'
import { FUZZ_RUNS, fuzzParameters, fuzzTimeout } from '../../attacks/test/support/fuzz-run.js'

// Timeouts: generous bounds on one case (measured: about 2 ms to sign and verify a delegation, 1 ms an invocation, 0.2 ms a flip).
/** Flipped bytes are cheap (the tokens are signed once), so they get five times the cases. */
const FLIPS = FUZZ_RUNS * 5
const keyTypes: KeyType[] = ['Ed25519', 'secp256k1', 'P-256']
const signers = new Map<KeyType, Signer>()
let audience: Signer

beforeAll(async () => {
  for (const type of keyTypes) signers.set(type, await generateSigner(type))
  audience = await generateSigner('Ed25519')
})

const segment = fc.stringMatching(/^[a-z0-9_-]{1,8}$/)
const command = fc.array(segment, { maxLength: 4 }).map((parts) => `/${parts.join('/')}`)
const ipldLeaf: fc.Arbitrary<IPLDValue> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.string(),
  fc.uint8Array({ maxLength: 16 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Number.isInteger(n)),
)
const ipldValue = fc.letrec<{ value: IPLDValue }>((tie) => ({
  value: fc.oneof(
    { maxDepth: 3 },
    ipldLeaf,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.string({ maxLength: 6 }), tie('value'), { maxKeys: 4 }),
  ),
})).value
const timestamp = fc.option(fc.integer({ min: 0, max: 2 ** 40 }), { nil: null })

describe('property: encode → decode is the identity', () => {
  it('for delegations of every key type', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...keyTypes),
        command,
        fc.array(fc.tuple(fc.constant('=='), fc.constant('.a'), ipldValue), { maxLength: 3 }),
        timestamp,
        fc.option(fc.integer({ min: 0, max: 2 ** 40 }), { nil: undefined }),
        fc.uint8Array({ maxLength: 32 }),
        fc.option(fc.dictionary(fc.string({ maxLength: 6 }), ipldValue, { maxKeys: 3 }), { nil: undefined }),
        async (type, cmd, pol, exp, nbf, nonce, meta) => {
          const issuer = signers.get(type)!
          const made = await createDelegation({
            issuer,
            audience: audience.did(),
            subject: issuer.did(),
            command: cmd,
            policy: pol,
            expiration: exp,
            nonce,
            ...(nbf === undefined ? {} : { notBefore: nbf }),
            ...(meta === undefined ? {} : { meta }),
          })
          const again = decodeToken(made.bytes)
          expect(again.kind).toBe('dlg')
          expect(again.payload).toEqual(made.payload)
          expect(again.cid.equals(made.cid)).toBe(true)
          await verifyTokenSignature(again)
        },
      ),
      fuzzParameters(),
    )
  }, fuzzTimeout(20))

  it('for invocations', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...keyTypes),
        command,
        fc.dictionary(fc.string({ maxLength: 6 }), ipldValue, { maxKeys: 4 }),
        timestamp,
        async (type, cmd, args, exp) => {
          const issuer = signers.get(type)!
          const made = await createInvocation({ issuer, subject: issuer.did(), command: cmd, args, proofs: [], expiration: exp })
          const again = decodeToken(made.bytes)
          expect(again.payload).toEqual(made.payload)
          await verifyTokenSignature(again)
        },
      ),
      fuzzParameters(),
    )
  }, fuzzTimeout(10))
})

describe('property: any single flipped byte never verifies', () => {
  it('decoding fails with a typed error, or the signature check fails', async () => {
    const tokens = await Promise.all(
      keyTypes.map((type) =>
        createDelegation({
          issuer: signers.get(type)!,
          audience: audience.did(),
          subject: signers.get(type)!.did(),
          command: '/storage/write',
          policy: [['<=', '.size', 1048576]],
          expiration: 2000000000,
        }),
      ),
    )
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...tokens),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        async (token, position, mask) => {
          const bytes = Uint8Array.from(token.bytes)
          const index = position % bytes.length
          bytes[index] = bytes[index]! ^ mask
          let decoded
          try {
            decoded = decodeToken(bytes)
          } catch (error) {
            expect(error).toBeInstanceOf(CapchainError)
            return
          }
          await expect(verifyTokenSignature(decoded)).rejects.toBeInstanceOf(CapchainError)
        },
      ),
      fuzzParameters(FLIPS),
    )
  }, fuzzTimeout(2, FLIPS))
})
