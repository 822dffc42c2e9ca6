/** EIP-191 personal_sign: hashing, recovery, and the ways a signature check can go wrong. */
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { keccak_256 } from '@noble/hashes/sha3.js'
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js'
import { describe, expect, it } from 'vitest'
import {
  addressFromPublicKey,
  createSiweMessage,
  hashPersonalMessage,
  PERSONAL_MESSAGE_PREFIX,
  recoverPersonalSignAddress,
  verifySiweMessage,
  verifySiweSignature,
} from '../src/index.js'
import { BASE_FIELDS, personalSign, SECRET_KEY, SECRET_KEY_ADDRESS, thrown } from './helpers.js'

const MESSAGE = createSiweMessage(BASE_FIELDS)
const N = secp256k1.Point.CURVE().n
const hex = (bytes: Uint8Array): string => `0x${bytesToHex(bytes)}`

describe('hashPersonalMessage', () => {
  it('matches the published digest of "Hello World" (ethers hashMessage)', () => {
    expect(hex(hashPersonalMessage('Hello World'))).toBe('0xa1de988600a42c4b4ab089b619297c17d53cffae5d5120d82d8a92d0bb3b78f2')
  })

  it('prefixes the UTF-8 byte length, not the UTF-16 length', () => {
    const expected = keccak_256(new TextEncoder().encode(`${PERSONAL_MESSAGE_PREFIX}2é`))
    expect(hashPersonalMessage('é')).toStrictEqual(expected)
    expect(hashPersonalMessage(new TextEncoder().encode('é'))).toStrictEqual(expected)
  })
})

describe('address derivation', () => {
  it('derives the address web3.js publishes for its documentation key', () => {
    expect(addressFromPublicKey(secp256k1.getPublicKey(SECRET_KEY, false))).toBe(SECRET_KEY_ADDRESS)
    expect(addressFromPublicKey(secp256k1.getPublicKey(SECRET_KEY, true))).toBe(SECRET_KEY_ADDRESS)
  })

  it('refuses bytes that are not a curve point', () => {
    expect(thrown(() => addressFromPublicKey(new Uint8Array(33))).code).toBe('ERR_SIGNATURE_INVALID')
  })
})

describe('sign then verify', () => {
  it('round-trips with the signature as bytes, as hex, and with v = 0 / 1', () => {
    const signature = personalSign(MESSAGE)
    expect(recoverPersonalSignAddress(MESSAGE, signature)).toBe(SECRET_KEY_ADDRESS)
    verifySiweSignature(MESSAGE, signature, SECRET_KEY_ADDRESS)
    verifySiweSignature(MESSAGE, hex(signature), SECRET_KEY_ADDRESS)
    verifySiweSignature(MESSAGE, hex(signature).toUpperCase().replace('0X', '0x'), SECRET_KEY_ADDRESS)
    const v01 = Uint8Array.of(...signature.subarray(0, 64), (signature[64] as number) - 27)
    verifySiweSignature(MESSAGE, v01, SECRET_KEY_ADDRESS)
  })

  it('verifySiweMessage checks the signature against the address inside the message', () => {
    const fields = verifySiweMessage(MESSAGE, personalSign(MESSAGE), { now: new Date('2021-10-01T00:00:00Z') })
    expect(fields.address).toBe(SECRET_KEY_ADDRESS)
    const other = personalSign(MESSAGE, keccak_256(new TextEncoder().encode('another key')))
    expect(thrown(() => verifySiweMessage(MESSAGE, other, { now: new Date('2021-10-01T00:00:00Z') })).code).toBe('ERR_SIGNATURE_INVALID')
  })

  it('refuses a signature over a different message', () => {
    const signature = personalSign(`${MESSAGE} `)
    expect(thrown(() => verifySiweSignature(MESSAGE, signature, SECRET_KEY_ADDRESS)).code).toBe('ERR_SIGNATURE_INVALID')
  })
})

describe('EIP-191 prefix applied exactly once', () => {
  const doublyPrefixed = `${PERSONAL_MESSAGE_PREFIX}${MESSAGE.length}${MESSAGE}`

  it('refuses a signature whose signer applied the prefix twice', () => {
    const signature = personalSign(doublyPrefixed)
    expect(recoverPersonalSignAddress(doublyPrefixed, signature)).toBe(SECRET_KEY_ADDRESS)
    expect(thrown(() => verifySiweSignature(MESSAGE, signature, SECRET_KEY_ADDRESS)).code).toBe('ERR_SIGNATURE_INVALID')
  })

  it('refuses a message handed over already prefixed, instead of prefixing it again', () => {
    const error = thrown(() => verifySiweSignature(doublyPrefixed, personalSign(MESSAGE), SECRET_KEY_ADDRESS))
    expect({ code: error.code, at: error.at }).toStrictEqual({ code: 'ERR_SIWE_MALFORMED', at: 'message' })
  })
})

describe('malleability and malformed signatures', () => {
  const signature = personalSign(MESSAGE)
  const r = signature.subarray(0, 32)
  const s = BigInt(hex(signature.subarray(32, 64)))
  const v = signature[64] as number

  it('refuses the high-S twin of a valid signature (Ethereum accepts low S only)', () => {
    // (r, n − s) with the other recovery bit recovers the very same key: a malleated copy of the signature.
    const flipped = v === 27 ? 28 : 27
    const highS = Uint8Array.of(...r, ...secp256k1.Point.Fn.toBytes(N - s), flipped)
    const twin = secp256k1.Signature.fromBytes(highS.subarray(0, 64), 'compact').addRecoveryBit(flipped - 27)
    expect(twin.hasHighS()).toBe(true)
    expect(addressFromPublicKey(twin.recoverPublicKey(hashPersonalMessage(MESSAGE)).toBytes(false))).toBe(SECRET_KEY_ADDRESS)
    const error = thrown(() => verifySiweSignature(MESSAGE, highS, SECRET_KEY_ADDRESS))
    expect(error.code).toBe('ERR_SIGNATURE_INVALID')
    expect(error.message).toMatch(/high S/)
  })

  it('refuses recovery bytes other than 27, 28, 0, 1', () => {
    for (const bad of [2, 26, 29, 35, 37, 255]) {
      const mangled = Uint8Array.of(...signature.subarray(0, 64), bad)
      expect(thrown(() => verifySiweSignature(MESSAGE, mangled, SECRET_KEY_ADDRESS)).message).toMatch(/recovery byte/)
    }
  })

  it('refuses wrong lengths, hex without 0x, and non-hex', () => {
    const bads = [signature.subarray(0, 64), Uint8Array.of(...signature, 0), bytesToHex(signature), `${hex(signature)}0`, `0x${'zz'.repeat(65)}`]
    for (const bad of bads) {
      expect(thrown(() => verifySiweSignature(MESSAGE, bad, SECRET_KEY_ADDRESS)).code).toBe('ERR_SIGNATURE_INVALID')
    }
  })

  it('refuses r or s of zero or not below the group order', () => {
    const zero = new Uint8Array(32)
    const nBytes = hexToBytes(N.toString(16).padStart(64, '0'))
    for (const [rr, ss] of [
      [zero, signature.subarray(32, 64)],
      [r, zero],
      [nBytes, signature.subarray(32, 64)],
    ] as const) {
      const bad = Uint8Array.of(...rr, ...ss, v)
      expect(thrown(() => verifySiweSignature(MESSAGE, bad, SECRET_KEY_ADDRESS)).code).toBe('ERR_SIGNATURE_INVALID')
    }
  })
})

describe('expected address, EIP-55 semantics', () => {
  const signature = personalSign(MESSAGE)

  it('accepts the checksummed, all-lowercase and all-uppercase forms of the signer', () => {
    verifySiweSignature(MESSAGE, signature, SECRET_KEY_ADDRESS)
    verifySiweSignature(MESSAGE, signature, SECRET_KEY_ADDRESS.toLowerCase())
    verifySiweSignature(MESSAGE, signature, `0x${SECRET_KEY_ADDRESS.slice(2).toUpperCase()}`)
  })

  it('refuses a mixed-case address whose checksum is wrong, rather than comparing it loosely', () => {
    const typo = SECRET_KEY_ADDRESS.replace('c', 'C')
    const error = thrown(() => verifySiweSignature(MESSAGE, signature, typo))
    expect(error.code).toBe('ERR_SIWE_ADDRESS_INVALID')
  })

  it('refuses malformed addresses, and reports a different signer as a bad signature', () => {
    expect(thrown(() => verifySiweSignature(MESSAGE, signature, SECRET_KEY_ADDRESS.slice(2))).code).toBe('ERR_SIWE_ADDRESS_INVALID')
    const error = thrown(() => verifySiweSignature(MESSAGE, signature, '0x0000000000000000000000000000000000000001'))
    expect(error.code).toBe('ERR_SIGNATURE_INVALID')
    expect(error.message).toContain(SECRET_KEY_ADDRESS)
  })
})
