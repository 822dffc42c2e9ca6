/**
 * The cache of verified roots inside `siweRootFormat()`: a verified EOA root
 * is not recovered again, but everything that can change between calls is
 * checked again (time, size limit, clock options), contract wallets are asked
 * every time, failures are never remembered, and an entry answers only for
 * the exact bytes it was verified from.
 *
 * Recoveries are counted by wrapping the module's own recovery function (it
 * still runs): that is the secp256k1 work the cache exists to save.
 */
import { createDelegation, createInvocation, dagCborCid, generateSigner } from '@capchain/core'
import type { CapchainError } from '@capchain/core/errors'
import { createVerifier, explain } from '@capchain/verifier'
import type { RootFormat, RootVerification } from '@capchain/verifier'
import { hexToBytes } from '@noble/hashes/utils.js'
import type { CID } from 'multiformats/cid'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { recoverPersonalSignAddress } from '../src/eip191/recover.js'
import {
  createSiweMessage,
  encodeCacao,
  ERC6492_MAGIC_SUFFIX,
  InvalidSiweOptionError,
  siweRootFormat,
  type CacaoBlock,
  type ContractSignatureChecker,
} from '../src/index.js'
import { personalSign } from './helpers.js'
import { edited, EXPIRES, NOT_BEFORE, NOW, OTHER_KEY, rootFields, SESSION, signedCacao, SUBJECT } from './root-helpers.js'

vi.mock('../src/eip191/recover.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../src/eip191/recover.js')>()
  return { ...original, recoverPersonalSignAddress: vi.fn(original.recoverPersonalSignAddress) }
})
const recoveries = vi.mocked(recoverPersonalSignAddress)

const SKEW = 60
const root = signedCacao(rootFields())
const other = signedCacao(rootFields({ nonce: 'another1234' }))

beforeEach(() => {
  recoveries.mockClear()
})

interface Call {
  now?: number
  clockSkew?: number
  maxBytes?: number
  cid?: CID
}

function verify(format: RootFormat, block: { bytes: Uint8Array; cid: CID }, call: Call = {}): Promise<RootVerification> {
  return format.verify(block.bytes, {
    cid: call.cid ?? block.cid,
    now: call.now ?? NOW,
    clockSkew: call.clockSkew ?? SKEW,
    maxBytes: call.maxBytes ?? 1024 * 1024,
  })
}

function expectAccepted(verdict: RootVerification): Extract<RootVerification, { ok: true }> {
  if (!verdict.ok) throw new Error(`expected the root to be accepted, got ${verdict.error.code}: ${verdict.error.message}`)
  return verdict
}

function expectDenied(verdict: RootVerification, reason: string, code: string, at?: string): CapchainError {
  if (verdict.ok) throw new Error(`expected ${code}, but the root was accepted`)
  expect(verdict.reason).toBe(reason)
  expect(verdict.error.code).toBe(code)
  if (at !== undefined) expect(verdict.error.at).toBe(at)
  return verdict.error
}

/** A contract checker that answers `answer` (changeable) and counts its calls. */
function fakeChecker(answer = true): ContractSignatureChecker & { calls: number; answer: boolean } {
  const checker = {
    calls: 0,
    answer,
    async isValidSignature(): Promise<boolean> {
      checker.calls += 1
      return checker.answer
    },
  }
  return checker
}

/** A CACAO of the default root fields carrying `signature` as given, of type `signatureType`. */
function rootWithSignature(signature: Uint8Array, signatureType: 'eip191' | 'eip1271'): CacaoBlock {
  return encodeCacao({ message: createSiweMessage(rootFields()), signature, signatureType })
}

describe('siweRootFormat: cached EOA roots', () => {
  it('recovers the signer once for repeated verifications of one root, answering with the same object', async () => {
    const format = siweRootFormat({ domains: ['photos.example'] })
    const first = expectAccepted(await verify(format, root))
    expect(recoveries).toHaveBeenCalledTimes(1)
    for (let i = 1; i <= 5; i++) expect(await verify(format, root, { now: NOW + i })).toBe(first)
    expect(recoveries).toHaveBeenCalledTimes(1)
    expect(first.root.iss).toBe(SUBJECT)
    expect(first.root.grantFor('/storage/read')?.command).toBe('/storage/read')
    expect(first.root.grantFor('/storagex')).toBeUndefined()
    expect(Object.isFrozen(first)).toBe(true)
    expect(Object.isFrozen(first.root)).toBe(true)
  })

  it('recovers a root through a verifier once, for every invocation over it', async () => {
    const verifier = createVerifier({ rootFormats: [siweRootFormat({ domains: ['photos.example'] })] })
    const [agent, service] = await Promise.all([generateSigner('Ed25519'), generateSigner('Ed25519')])
    const toAgent = await createDelegation({ issuer: SESSION, audience: agent.did(), subject: SUBJECT, command: '/storage/read', expiration: EXPIRES })
    for (let i = 0; i < 3; i++) {
      const invocation = await createInvocation({
        issuer: agent,
        subject: SUBJECT,
        audience: service.did(),
        command: '/storage/read',
        args: { path: `/photos/${i}.jpg` },
        proofs: [root.cid, toAgent.cid],
        expiration: EXPIRES,
        issuedAt: NOW,
      })
      const result = await verifier.verifyInvocation(invocation.bytes, { proofs: [root.bytes, toAgent.bytes], now: NOW, audience: service.did() })
      expect(result.ok, result.ok ? '' : explain(result)).toBe(true)
    }
    expect(recoveries).toHaveBeenCalledTimes(1)
  })

  it('checks time again on a hit: valid through exp + skew, expired one second later', async () => {
    const format = siweRootFormat()
    expectAccepted(await verify(format, root))
    expectAccepted(await verify(format, root, { now: EXPIRES + SKEW }))
    const error = expectDenied(await verify(format, root, { now: EXPIRES + SKEW + 1 }), 'expired', 'ERR_SIWE_EXPIRED', 'p.exp')
    expect(error.cid).toBe(root.cid.toString())
    expectDenied(await verify(format, root, { now: EXPIRES + 1, clockSkew: 0 }), 'expired', 'ERR_SIWE_EXPIRED', 'p.exp')
    expect(recoveries).toHaveBeenCalledTimes(1)
  })

  it('checks time again on a hit: valid from nbf − skew, not yet valid one second earlier', async () => {
    const format = siweRootFormat()
    expectAccepted(await verify(format, root))
    expectAccepted(await verify(format, root, { now: NOT_BEFORE - SKEW }))
    const error = expectDenied(await verify(format, root, { now: NOT_BEFORE - SKEW - 1 }), 'not-yet-valid', 'ERR_SIWE_NOT_YET_VALID', 'p.nbf')
    expect(error.cid).toBe(root.cid.toString())
    expect(recoveries).toHaveBeenCalledTimes(1)
  })

  it('denies a hit with the same error a full verification gives', async () => {
    const cached = siweRootFormat()
    expectAccepted(await verify(cached, root))
    const late = { now: EXPIRES + SKEW + 1 }
    const fromCache = expectDenied(await verify(cached, root, late), 'expired', 'ERR_SIWE_EXPIRED')
    const inFull = expectDenied(await verify(siweRootFormat({ cacheSize: 0 }), root, late), 'expired', 'ERR_SIWE_EXPIRED')
    expect(fromCache.constructor).toBe(inFull.constructor)
    expect({ message: fromCache.message, cid: fromCache.cid, at: fromCache.at }).toStrictEqual({ message: inFull.message, cid: inFull.cid, at: inFull.at })
  })

  it('checks this call’s size limit and clock options on a hit', async () => {
    const format = siweRootFormat()
    expectAccepted(await verify(format, root))
    expectAccepted(await verify(format, root, { maxBytes: root.bytes.length }))
    expectDenied(await verify(format, root, { maxBytes: root.bytes.length - 1 }), 'invalid', 'ERR_INPUT_TOO_LARGE', 'cacao')
    expectDenied(await verify(format, root, { now: NOW + 0.5 }), 'invalid', 'ERR_SIWE_OPTION_INVALID', 'now')
    expectDenied(await verify(format, root, { clockSkew: -1 }), 'invalid', 'ERR_SIWE_OPTION_INVALID', 'clockSkew')
    expect(recoveries).toHaveBeenCalledTimes(1)
  })

  it('never caches a failure: a root refused before its nbf is accepted, and recovered, once valid', async () => {
    const format = siweRootFormat()
    expectDenied(await verify(format, root, { now: NOT_BEFORE - SKEW - 1 }), 'not-yet-valid', 'ERR_SIWE_NOT_YET_VALID')
    expectDenied(await verify(format, root, { now: NOT_BEFORE - SKEW - 1 }), 'not-yet-valid', 'ERR_SIWE_NOT_YET_VALID')
    expect(recoveries).toHaveBeenCalledTimes(0)
    expectAccepted(await verify(format, root))
    expectAccepted(await verify(format, root))
    expect(recoveries).toHaveBeenCalledTimes(1)
  })

  it('recovers every time with cacheSize: 0', async () => {
    const format = siweRootFormat({ cacheSize: 0 })
    for (let i = 0; i < 3; i++) expectAccepted(await verify(format, root))
    expect(recoveries).toHaveBeenCalledTimes(3)
  })

  it('keeps at most cacheSize roots, dropping the least recently used', async () => {
    const format = siweRootFormat({ cacheSize: 1 })
    expectAccepted(await verify(format, root))
    expectAccepted(await verify(format, root))
    expect(recoveries).toHaveBeenCalledTimes(1)
    expectAccepted(await verify(format, other))
    expectAccepted(await verify(format, root))
    expect(recoveries).toHaveBeenCalledTimes(3)
  })

  it('keeps one cache per format', async () => {
    expectAccepted(await verify(siweRootFormat(), root))
    expectAccepted(await verify(siweRootFormat(), root))
    expect(recoveries).toHaveBeenCalledTimes(2)
  })
})

describe('siweRootFormat: what the cache never answers for', () => {
  it('does not answer for other bytes claimed under a cached CID, even a valid root of their own', async () => {
    const format = siweRootFormat()
    expectAccepted(await verify(format, root))
    const error = expectDenied(await verify(format, other, { cid: root.cid }), 'invalid', 'ERR_CACAO_CID_MISMATCH')
    expect(error.cid).toBe(other.cid.toString())
    expectAccepted(await verify(format, other))
  })

  it('compares against its own copy of the bytes: a caller rewriting its buffer in place gets no hit', async () => {
    const format = siweRootFormat()
    const buffer = root.bytes.slice()
    expectAccepted(await verify(format, { bytes: buffer, cid: root.cid }))
    const forged = edited(root.bytes, (cacao) => {
      cacao.p!.exp = '2099-01-01T00:00:00Z'
    })
    expect(forged.length).toBe(buffer.length)
    buffer.set(forged)
    expectDenied(await verify(format, { bytes: buffer, cid: root.cid }), 'invalid', 'ERR_CACAO_CID_MISMATCH')
  })

  it('still denies a tampered signature after the genuine root was cached', async () => {
    const format = siweRootFormat()
    expectAccepted(await verify(format, root))
    const tampered = edited(root.bytes, (cacao) => {
      const signature = (cacao.s!.s as Uint8Array).slice()
      signature[5] = signature[5]! ^ 1
      cacao.s!.s = signature
    })
    const tamperedBlock = { bytes: tampered, cid: dagCborCid(tampered) }
    expectDenied(await verify(format, tamperedBlock), 'signature', 'ERR_SIGNATURE_INVALID', 's.s')
    expectDenied(await verify(format, tamperedBlock), 'signature', 'ERR_SIGNATURE_INVALID', 's.s')
    expectDenied(await verify(format, { bytes: tampered, cid: root.cid }), 'invalid', 'ERR_CACAO_CID_MISMATCH')
  })

  it('asks the contract on every call for an ERC-1271 root, and denies as soon as it refuses', async () => {
    const checker = fakeChecker()
    const format = siweRootFormat({ contractSignatures: checker })
    const contractRoot = signedCacao(rootFields(), { signatureType: 'eip1271' })
    for (let i = 0; i < 3; i++) expect(expectAccepted(await verify(format, contractRoot)).root.iss).toBe(SUBJECT)
    expect(checker.calls).toBe(3)
    checker.answer = false
    expectDenied(await verify(format, contractRoot), 'signature', 'ERR_SIGNATURE_INVALID', 's.s')
    expect(checker.calls).toBe(4)
  })

  it('asks the contract on every call for an eip191 signature by another key (a contract wallet’s owner)', async () => {
    const checker = fakeChecker()
    const format = siweRootFormat({ contractSignatures: checker })
    const ownerSigned = signedCacao(rootFields(), { key: OTHER_KEY })
    expectAccepted(await verify(format, ownerSigned))
    expectAccepted(await verify(format, ownerSigned))
    expect(checker.calls).toBe(2)
    expect(recoveries).toHaveBeenCalledTimes(2)
    checker.answer = false
    expectDenied(await verify(format, ownerSigned), 'signature', 'ERR_SIGNATURE_INVALID', 's.s')
  })

  it('asks the contract on every call for an ERC-6492 root, even one wrapping the account key’s own signature', async () => {
    const checker = fakeChecker()
    const format = siweRootFormat({ contractSignatures: checker })
    const signature = personalSign(createSiweMessage(rootFields()))
    const wrapped = rootWithSignature(Uint8Array.of(...signature, ...hexToBytes(ERC6492_MAGIC_SUFFIX.slice(2))), 'eip191')
    expectAccepted(await verify(format, wrapped))
    expectAccepted(await verify(format, wrapped))
    expect(checker.calls).toBe(2)
    checker.answer = false
    expectDenied(await verify(format, wrapped), 'signature', 'ERR_SIGNATURE_INVALID', 's.s')
    // The same signature unwrapped is the account key's: cached.
    const plain = rootWithSignature(signature, 'eip191')
    expectAccepted(await verify(format, plain))
    expectAccepted(await verify(format, plain))
    expect(checker.calls).toBe(3)
  })
})

describe('siweRootFormat options', () => {
  it('reads domains once: editing the array afterwards changes nothing', async () => {
    const domains = ['other.example']
    const format = siweRootFormat({ domains })
    domains.push('photos.example')
    expectDenied(await verify(format, root), 'invalid', 'ERR_SIWE_DOMAIN_MISMATCH', 'p.domain')
    expectAccepted(await verify(siweRootFormat({ domains }), root))
  })

  it('refuses a cacheSize that is not a non-negative integer (InvalidSiweOptionError)', () => {
    for (const cacheSize of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '10' as unknown as number]) {
      let error: unknown
      try {
        siweRootFormat({ cacheSize })
      } catch (thrown) {
        error = thrown
      }
      expect(error, String(cacheSize)).toBeInstanceOf(InvalidSiweOptionError)
      expect((error as InvalidSiweOptionError).code).toBe('ERR_SIWE_OPTION_INVALID')
      expect((error as InvalidSiweOptionError).at).toBe('cacheSize')
    }
    for (const cacheSize of [0, 1, 1000]) expect(siweRootFormat({ cacheSize }).name).toBe('SIWE (CAIP-74 CACAO)')
  })

  it('refuses domains that are not an array of strings when the format is made', () => {
    expect(() => siweRootFormat({ domains: 'photos.example' as unknown as string[] })).toThrow(InvalidSiweOptionError)
    expect(() => siweRootFormat({ domains: [1] as unknown as string[] })).toThrow(InvalidSiweOptionError)
    expect(siweRootFormat({ domains: [] }).name).toBe('SIWE (CAIP-74 CACAO)')
  })
})
