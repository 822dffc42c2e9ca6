/**
 * spruceid/recap-ts reference vectors (valid, invalid, serialized_cap), plus
 * the worked examples in the text of EIP-5573 itself.
 */
import canonicalize from 'canonicalize'
import { describe, expect, it } from 'vitest'
import {
  createSiweMessage,
  decodeRecap,
  encodeRecap,
  extractRecap,
  parseSiweMessage,
  recapStatement,
  verifyRecap,
  type Recap,
  type SiweMessageFields,
} from '../src/index.js'
import { readVectors } from './vectors.js'

type Case = { message: string | Record<string, unknown>; recap?: Recap }
const valid = readVectors<Record<string, Case>>('recap/valid.json')
const invalid = readVectors<Record<string, Case>>('recap/invalid.json')
const serializedCap = readVectors<Recap>('recap/serialized_cap.json')

/** A vector's message as checked SIWE fields, whether given as text or as fields. */
function fieldsOf(message: Case['message']): SiweMessageFields {
  if (typeof message === 'string') return parseSiweMessage(message)
  return parseSiweMessage(createSiweMessage(message as unknown as SiweMessageFields))
}

describe('ReCap valid.json', () => {
  it('has the 3 published cases', () => expect(Object.keys(valid)).toHaveLength(3))

  for (const [name, { message, recap }] of Object.entries(valid)) {
    it(`${name}: the SIWE message verifies and yields the listed ReCap, which re-encodes to the same URI`, () => {
      const fields = fieldsOf(message)
      const decoded = verifyRecap(fields)
      expect(decoded).toStrictEqual(recap)
      expect(encodeRecap(decoded)).toBe(fields.resources?.at(-1))
      if (typeof message === 'string') expect(createSiweMessage(fields)).toBe(message)
    })
  }
})

describe('ReCap invalid.json', () => {
  it('has the 3 published cases', () => expect(Object.keys(invalid)).toHaveLength(3))

  it('withoutCaps: no ReCap, so verifyRecap refuses it with ERR_RECAP_MISSING', () => {
    const fields = fieldsOf(invalid.withoutCaps?.message ?? '')
    expect(extractRecap(fields)).toBeUndefined()
    expect(() => verifyRecap(fields)).toThrow(expect.objectContaining({ code: 'ERR_RECAP_MISSING' }))
  })

  it('withStatementNoCaps: a statement but no ReCap, so ERR_RECAP_MISSING', () => {
    const fields = fieldsOf(invalid.withStatementNoCaps?.message ?? '')
    expect(fields.statement).toBe('Some custom statement.')
    expect(() => verifyRecap(fields)).toThrow(expect.objectContaining({ code: 'ERR_RECAP_MISSING' }))
  })

  it('interleavedResources as published: the misspelt "resourtes" key is refused, not silently dropped', () => {
    const message = invalid.interleavedResources?.message as Record<string, unknown>
    expect(() => createSiweMessage(message as unknown as SiweMessageFields)).toThrow(
      expect.objectContaining({ code: 'ERR_SIWE_MALFORMED', at: 'resourtes' }),
    )
  })

  it('interleavedResources as intended: a ReCap that is not the last resource is refused', () => {
    // The published case spells its key `resourtes`, so it never tested this;
    // here the resources really are interleaved.
    const { resourtes, ...rest } = invalid.interleavedResources?.message as Record<string, unknown>
    const fields = { ...rest, resources: resourtes } as { statement: string; resources: string[] }
    expect(() => verifyRecap(fields)).toThrow(expect.objectContaining({ code: 'ERR_RECAP_INVALID', at: 'resources[1]' }))
    expect(() => extractRecap(fields)).toThrow(expect.objectContaining({ code: 'ERR_RECAP_INVALID', at: 'resources[1]' }))
  })
})

describe('ReCap serialized_cap.json', () => {
  it('is a valid ReCap whose URI decodes back to it and whose JSON is canonical', () => {
    const uri = encodeRecap(serializedCap)
    expect(decodeRecap(uri)).toStrictEqual(serializedCap)
    expect(new TextDecoder().decode(Buffer.from(uri.slice('urn:recap:'.length), 'base64url'))).toBe(canonicalize(serializedCap))
  })

  it('translates to the statement text the EIP algorithm gives', () => {
    expect(recapStatement(serializedCap)).toBe(
      "I further authorize the stated URI to perform the following actions on my behalf: (1) 'crud': 'delete' for 'http://example.com/public/photos/'. (2) 'msg': 'receive', 'send' for 'mailto:username@example.com'.",
    )
  })
})

describe('EIP-5573 worked examples', () => {
  it('the ReCap Details Object example encodes to the URI and statement the EIP gives', () => {
    const recap: Recap = {
      att: {
        'https://example.com/pictures/': { 'crud/delete': [{}], 'crud/update': [{}], 'other/action': [{}] },
        'mailto:username@example.com': {
          'msg/receive': [{ max_count: 5, templates: ['newsletter', 'marketing'] }],
          'msg/send': [{ to: 'someone@email.com' }, { to: 'joe@email.com' }],
        },
      },
      prf: ['zdj7Wj6FNS4rUUbsiJvjjxcsNqZdDCSiYR8sKQXfoPfpSZuAw'],
    }
    expect(encodeRecap(recap)).toBe(
      'urn:recap:eyJhdHQiOnsiaHR0cHM6Ly9leGFtcGxlLmNvbS9waWN0dXJlcy8iOnsiY3J1ZC9kZWxldGUiOlt7fV0sImNydWQvdXBkYXRlIjpbe31dLCJvdGhlci9hY3Rpb24iOlt7fV19LCJtYWlsdG86dXNlcm5hbWVAZXhhbXBsZS5jb20iOnsibXNnL3JlY2VpdmUiOlt7Im1heF9jb3VudCI6NSwidGVtcGxhdGVzIjpbIm5ld3NsZXR0ZXIiLCJtYXJrZXRpbmciXX1dLCJtc2cvc2VuZCI6W3sidG8iOiJzb21lb25lQGVtYWlsLmNvbSJ9LHsidG8iOiJqb2VAZW1haWwuY29tIn1dfX0sInByZiI6WyJ6ZGo3V2o2Rk5TNHJVVWJzaUp2amp4Y3NOcVpkRENTaVlSOHNLUVhmb1BmcFNadUF3Il19',
    )
    expect(recapStatement(recap)).toBe(
      "I further authorize the stated URI to perform the following actions on my behalf: (1) 'crud': 'delete', 'update' for 'https://example.com/pictures/'. (2) 'other': 'action' for 'https://example.com/pictures/'. (3) 'msg': 'receive', 'send' for 'mailto:username@example.com'.",
    )
  })

  it('the ReCap SIWE Extension example message verifies', () => {
    const message = [
      'example.com wants you to sign in with your Ethereum account:',
      '0x0000000000000000000000000000000000000000',
      '',
      "I further authorize the stated URI to perform the following actions on my behalf: (1) 'example': 'append', 'read' for 'https://example.com'. (2) 'other': 'action' for 'https://example.com'. (3) 'example': 'append', 'delete' for 'my:resource:uri.1'. (4) 'example': 'append' for 'my:resource:uri.2'. (5) 'example': 'append' for 'my:resource:uri.3'.",
      '',
      'URI: did:key:example',
      'Version: 1',
      'Chain ID: 1',
      'Nonce: mynonce1',
      'Issued At: 2022-06-21T12:00:00.000Z',
      'Resources:',
      '- urn:recap:eyJhdHQiOnsiaHR0cHM6Ly9leGFtcGxlLmNvbSI6eyJleGFtcGxlL2FwcGVuZCI6W10sImV4YW1wbGUvcmVhZCI6W10sIm90aGVyL2FjdGlvbiI6W119LCJteTpyZXNvdXJjZTp1cmkuMSI6eyJleGFtcGxlL2FwcGVuZCI6W10sImV4YW1wbGUvZGVsZXRlIjpbXX0sIm15OnJlc291cmNlOnVyaS4yIjp7ImV4YW1wbGUvYXBwZW5kIjpbXX0sIm15OnJlc291cmNlOnVyaS4zIjp7ImV4YW1wbGUvYXBwZW5kIjpbXX19LCJwcmYiOltdfQ',
    ].join('\n')
    const recap = verifyRecap(parseSiweMessage(message))
    expect(Object.keys(recap.att)).toStrictEqual(['https://example.com', 'my:resource:uri.1', 'my:resource:uri.2', 'my:resource:uri.3'])
  })
})
