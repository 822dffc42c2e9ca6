/**
 * The key-file format: the text `encodeKeyFile` writes for each key type,
 * read back as the same key by `parseKeyFile`, and every damaged field
 * refused with a typed error that names the field and never quotes the
 * secret.
 */
import { describe, expect, it } from 'vitest'
import { CapchainError } from '../src/errors.js'
import { InvalidKeyFileError, encodeKeyFile, parseKeyFile } from '../src/key-file/index.js'
import { generateSigner, signerFromSecret } from '../src/principal/index.js'
import type { KeyType } from '../src/principal/index.js'

const keyTypes: KeyType[] = ['Ed25519', 'secp256k1', 'P-256']
const secretKey = Uint8Array.from({ length: 32 }, (_, i) => i + 1)

/** Key files of the 32-byte secret 0x01…0x20, fixed so that a change of format shows. */
const golden: Record<KeyType, { did: string; secret: string }> = {
  Ed25519: { did: 'did:key:z6MkneMkZqwqRiU5mJzSG3kDwzt9P8C59N4NGTfBLfSGE7c7', secret: 'gCYBAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhscHR4fIA==' },
  secp256k1: { did: 'did:key:zQ3shWLyu8mc4GLnyzrxvWj9kJPijwGbjdrr3pZ8hacUYxawh', secret: 'gSYBAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhscHR4fIA==' },
  'P-256': { did: 'did:key:zDnaeVuZeVRqvscGkiEoR9PFFra2xZUMp97ZPuGFK1VLU7iYN', secret: 'hiYBAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhscHR4fIA==' },
}

/** The error `parseKeyFile` throws for `text`, checked to quote no part of `secret`. */
function refusal(text: string, secret: string): InvalidKeyFileError {
  let caught: unknown
  try {
    parseKeyFile(text, 'alice.key')
  } catch (error) {
    caught = error
  }
  expect(caught).toBeInstanceOf(InvalidKeyFileError)
  const error = caught as InvalidKeyFileError
  expect(error).toBeInstanceOf(CapchainError)
  expect(error.code).toBe('ERR_KEY_FILE_INVALID')
  expect(error.message.startsWith('alice.key is not a usable capchain key file: ')).toBe(true)
  const shown = `${error.message} ${JSON.stringify(error)} ${String(error.cause)}`
  expect(shown).not.toContain(secret.slice(4, 20))
  return error
}

describe('encodeKeyFile', () => {
  it.each(keyTypes)('writes the documented format for %s: the five fields, indented, with a final newline', (keyType) => {
    const text = encodeKeyFile(signerFromSecret(keyType, secretKey))
    expect(text).toBe(
      `{\n  "type": "capchain-key",\n  "version": 1,\n  "keyType": "${keyType}",\n` +
        `  "did": "${golden[keyType].did}",\n  "secret": "${golden[keyType].secret}"\n}\n`,
    )
  })
})

describe('parseKeyFile', () => {
  it.each(keyTypes)('reads a fresh %s key file back as the same key', async (keyType) => {
    const signer = await generateSigner(keyType)
    const read = parseKeyFile(encodeKeyFile(signer))
    expect(read.did()).toBe(signer.did())
    expect(read.keyType).toBe(keyType)
    expect(read.exportSecret()).toEqual(signer.exportSecret())
  })

  it('reads the fixed files, with or without the base64 padding, and ignores fields it does not know', () => {
    for (const keyType of keyTypes) {
      const { did, secret } = golden[keyType]
      const fields = { type: 'capchain-key', version: 1, keyType, did }
      expect(parseKeyFile(JSON.stringify({ ...fields, secret })).did()).toBe(did)
      expect(parseKeyFile(JSON.stringify({ ...fields, secret: secret.replace(/=+$/, '') })).did()).toBe(did)
      expect(parseKeyFile(JSON.stringify({ ...fields, secret, comment: 'laptop', created: 1700000000 })).did()).toBe(did)
    }
  })

  describe('refuses', () => {
    const { did, secret } = golden.Ed25519
    const valid = { type: 'capchain-key', version: 1, keyType: 'Ed25519', did, secret }
    const withField = (field: string, value: unknown) => JSON.stringify({ ...valid, [field]: value })
    const without = (field: keyof typeof valid) => JSON.stringify({ ...valid, [field]: undefined })

    it('a text that is not JSON, without quoting it', () => {
      const error = refusal(JSON.stringify(valid).slice(0, -1), secret)
      expect(error.message).toBe('alice.key is not a usable capchain key file: it is not JSON')
      expect(error.at).toBeUndefined()
      expect(refusal('', secret).message).toContain('it is not JSON')
    })

    it('JSON that is not a capchain key file', () => {
      for (const text of ['null', '[]', '"capchain-key"', '42', without('type'), withField('type', 'capchain-keys'), withField('type', 1)]) {
        const error = refusal(text, secret)
        expect(error.message).toBe('alice.key is not a usable capchain key file: "type" is not "capchain-key"')
        expect(error.at).toBe('type')
      }
    })

    it('a version other than 1', () => {
      for (const text of [withField('version', 2), withField('version', '1'), without('version')]) {
        const error = refusal(text, secret)
        expect(error.message).toContain('unsupported "version" (this capchain reads version 1)')
        expect(error.at).toBe('version')
      }
    })

    it('a secret that is not base64', () => {
      for (const value of [undefined, 42, '', 'gCYB-AgM', `${secret}=`, ` ${secret}`, secret.replace('=', '=A')]) {
        const error = refusal(withField('secret', value), secret)
        expect(error.message).toContain('"secret" is not base64')
        expect(error.at).toBe('secret')
      }
    })

    it('a secret that is not a key: truncated, an unknown codec, or out of range', () => {
      const zeroScalar = 'gSYAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=='
      const unknownCodec = `gi${secret.slice(2)}`
      for (const value of [secret.slice(0, 24), unknownCodec, zeroScalar]) {
        const error = refusal(withField('secret', value), value)
        expect(error.message).toMatch(/"secret" is not a key: ./)
        expect(error.at).toBe('secret')
      }
    })

    it('a did or keyType that disagrees with the secret, naming the field', () => {
      const cases: [string, string][] = [
        [withField('did', golden.secp256k1.did), 'did'],
        [without('did'), 'did'],
        [withField('did', `${did}x`), 'did'],
        [withField('keyType', 'P-256'), 'keyType'],
        [without('keyType'), 'keyType'],
        [JSON.stringify({ ...valid, secret: golden['P-256'].secret }), 'did'],
      ]
      for (const [text, at] of cases) {
        const error = refusal(text, secret)
        expect(error.message).toContain('"did" or "keyType" does not match "secret" (is the file damaged?)')
        expect(error.at).toBe(at)
      }
    })

    it('naming the input "the input" when the caller gives no name', () => {
      expect(() => parseKeyFile('{')).toThrow('the input is not a usable capchain key file: it is not JSON')
    })
  })
})
