/**
 * The cache of `pkhRootVerifier`: a wallet-issued root whose EOA signature
 * was verified is not recovered again, but an entry answers only for the
 * exact inputs the check reads (issuer, subject, algorithm, signature and
 * signed bytes), failures are never remembered, time is still checked by the
 * verifier on every call, and `cacheSize: 0` turns it off.
 *
 * Recoveries are counted by wrapping the module's own recovery function (it
 * still runs): that is the secp256k1 work the cache exists to save.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { recoverPersonalSignAddress } from '../src/eip191/recover.js'
import { addressFromPublicKey, didPkh, InvalidSiweOptionError, pkhRootVerifier } from '../src/index.js'
import { SECRET_KEY_ADDRESS } from './helpers.js'
import { pkhRoot, readThrough } from './pkh-helpers.js'
import { OTHER_KEY } from './root-helpers.js'

vi.mock('../src/eip191/recover.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../src/eip191/recover.js')>()
  return { ...original, recoverPersonalSignAddress: vi.fn(original.recoverPersonalSignAddress) }
})
const recoveries = vi.mocked(recoverPersonalSignAddress)

const WALLET = didPkh(1, SECRET_KEY_ADDRESS)
const OTHER = didPkh(1, addressFromPublicKey(secp256k1.getPublicKey(OTHER_KEY)))

beforeEach(() => {
  recoveries.mockClear()
})

describe('pkhRootVerifier keeps verified EOA roots', () => {
  it('recovers a root once, then answers from the cache for the same bytes', async () => {
    const pkh = pkhRootVerifier()
    const root = pkhRoot({ iss: WALLET })
    expect((await readThrough(pkh, [root], WALLET)).ok).toBe(true)
    expect(recoveries).toHaveBeenCalledTimes(1)
    expect((await readThrough(pkh, [root], WALLET)).ok).toBe(true)
    expect(recoveries).toHaveBeenCalledTimes(1)
  })

  it('never remembers a failure: a root signed by another key is recovered, and refused, every time', async () => {
    const pkh = pkhRootVerifier()
    const forged = pkhRoot({ iss: WALLET, secretKey: OTHER_KEY })
    for (const _ of [1, 2]) {
      const result = await readThrough(pkh, [forged], WALLET)
      expect(result.ok ? 'accepted' : result.error.code).toBe('ERR_SIGNATURE_MISMATCH')
    }
    expect(recoveries).toHaveBeenCalledTimes(2)
  })

  it('answers only for the inputs it checked: the cached signed bytes under another claimed issuer are checked in full, and refused', async () => {
    const pkh = pkhRootVerifier()
    const root = pkhRoot({ iss: WALLET })
    await expect(pkh(root)).resolves.toBe(true)
    // A decoded object whose payload names another wallet over the same signed bytes and signature (a caller's own word).
    const claimed = { ...root, payload: { ...root.payload, iss: OTHER, sub: OTHER } }
    await expect(pkh(claimed)).rejects.toMatchObject({ code: 'ERR_SIGNATURE_INVALID' })
    expect(recoveries).toHaveBeenCalledTimes(2)
  })

  it('leaves time to the verifier: a cached root past its expiry is refused as expired', async () => {
    const pkh = pkhRootVerifier()
    const root = pkhRoot({ iss: WALLET })
    expect((await readThrough(pkh, [root], WALLET)).ok).toBe(true)
    const result = await readThrough(pkh, [root], WALLET, undefined, (root.payload.exp ?? 0) + 3600)
    expect(result.ok ? 'accepted' : [result.error.code, result.error.at]).toEqual(['ERR_EXPIRED', 'prf[0]'])
    expect(recoveries).toHaveBeenCalledTimes(1)
  })

  it('recovers every time with cacheSize 0, and refuses a cache size that is not a non-negative integer', async () => {
    const pkh = pkhRootVerifier({ cacheSize: 0 })
    const root = pkhRoot({ iss: WALLET })
    await readThrough(pkh, [root], WALLET)
    await readThrough(pkh, [root], WALLET)
    expect(recoveries).toHaveBeenCalledTimes(2)
    for (const cacheSize of [-1, 1.5, Number.NaN]) expect(() => pkhRootVerifier({ cacheSize })).toThrow(InvalidSiweOptionError)
  })
})
