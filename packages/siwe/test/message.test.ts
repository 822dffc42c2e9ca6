/** EIP-4361 parse / build near misses beyond the reference vectors. */
import { describe, expect, it } from 'vitest'
import { createSiweMessage, parseSiweMessage, toChecksumAddress, type SiweMessageFields } from '../src/index.js'
import { BASE_FIELDS, thrown } from './helpers.js'

const BASE = createSiweMessage(BASE_FIELDS)
const withField = (field: string, value: unknown): SiweMessageFields => ({ ...BASE_FIELDS, [field]: value }) as SiweMessageFields
/** The `at` of the error parsing `message` throws, with its code checked. */
const parseErrorAt = (message: string): string | undefined => {
  const error = thrown(() => parseSiweMessage(message))
  expect(error.code).toBe('ERR_SIWE_MALFORMED')
  return error.at
}
const buildErrorAt = (fields: SiweMessageFields): string | undefined => {
  const error = thrown(() => createSiweMessage(fields))
  expect(error.code).toBe('ERR_SIWE_MALFORMED')
  return error.at
}

describe('layout', () => {
  it('renders every optional field in ABNF order and parses back to the same fields', () => {
    expect(BASE.split('\n').slice(5)).toStrictEqual([
      'URI: https://service.org/login',
      'Version: 1',
      'Chain ID: 1',
      'Nonce: 32891757',
      'Issued At: 2021-09-30T16:25:24.000Z',
      'Expiration Time: 2021-10-30T16:25:24.000Z',
      'Not Before: 2021-09-30T16:25:24.000Z',
      'Request ID: req-1',
      'Resources:',
      '- ipfs://Qme7ss3ARVgxv6rXqVPiikMJ8u2NLgmgszg13pYrDKEoiu',
      '- https://example.com/my-web2-claim.json',
    ])
    expect(parseSiweMessage(BASE)).toStrictEqual(BASE_FIELDS)
  })

  it('writes no statement as one blank line and an empty statement as two, and keeps them apart', () => {
    const { statement: _omit, ...noStatement } = BASE_FIELDS
    const none = createSiweMessage(noStatement)
    const empty = createSiweMessage({ ...noStatement, statement: '' })
    expect(none).toContain(`${BASE_FIELDS.address}\n\n\nURI: `)
    expect(empty).toContain(`${BASE_FIELDS.address}\n\n\n\nURI: `)
    expect(parseSiweMessage(none)).not.toHaveProperty('statement')
    expect(parseSiweMessage(empty).statement).toBe('')
  })

  it('keeps an empty Resources list and an empty Request ID apart from absent ones', () => {
    const fields = { ...BASE_FIELDS, resources: [], requestId: '' }
    const message = createSiweMessage(fields)
    expect(message.endsWith('\nRequest ID: \nResources:')).toBe(true)
    expect(parseSiweMessage(message)).toStrictEqual(fields)
  })

  it('refuses CR anywhere: CRLF line ends, or a CR inside the statement', () => {
    expect(parseErrorAt(BASE.replaceAll('\n', '\r\n'))).toBe('message')
    expect(parseErrorAt(BASE.replace('I accept', 'I\raccept'))).toBe('message')
  })

  it('refuses a trailing line feed, an extra line, a repeated field and text after "Resources:"', () => {
    expect(parseErrorAt(`${BASE}\n`)).toBe('resources[2]')
    expect(parseErrorAt(`${BASE}\nhello`)).toBe('resources[2]')
    expect(parseErrorAt(BASE.replace('Version: 1', 'Version: 1\nVersion: 1'))).toBe('chainId')
    expect(parseErrorAt(BASE.replace('Resources:', 'Resources: '))).toBe('resources')
  })

  it('refuses a message cut short, naming what is missing', () => {
    const error = thrown(() => parseSiweMessage(BASE.split('\nNonce:')[0] ?? ''))
    expect(error.at).toBe('nonce')
    expect(error.message).toMatch(/ends early/)
  })

  it('refuses a message longer than maxLength with ERR_INPUT_TOO_LARGE', () => {
    expect(thrown(() => parseSiweMessage(BASE, { maxLength: 100 })).code).toBe('ERR_INPUT_TOO_LARGE')
  })
})

describe('statement: newline injection', () => {
  const forged = 'I accept\n\nURI: https://evil.example/\nVersion: 1\nChain ID: 1\nNonce: 99999999\nIssued At: 2030-01-01T00:00:00Z'

  it('is refused by the builder, naming the statement', () => {
    expect(buildErrorAt(withField('statement', forged))).toBe('statement')
    expect(buildErrorAt(withField('statement', 'I accept\nURI: https://evil.example/'))).toBe('statement')
  })

  it('cannot produce a parseable message even when rendered naively', () => {
    // The forged lines parse, but the real ones that follow cannot: the text is refused as a whole.
    const naive = BASE.replace(BASE_FIELDS.statement ?? '', forged)
    expect(thrown(() => parseSiweMessage(naive)).code).toBe('ERR_SIWE_MALFORMED')
    const noBlank = BASE.replace(BASE_FIELDS.statement ?? '', 'I accept\nURI: https://evil.example/')
    expect(parseErrorAt(noBlank)).toBe('statement')
  })

  it('refuses characters outside RFC 3986 reserved / unreserved / space', () => {
    for (const bad of ['say "hi"', 'tab\there', '100%', 'café', 'a<b>', 'back\\slash', 'caret^', 'pipe|', 'brace{}']) {
      expect(buildErrorAt(withField('statement', bad))).toBe('statement')
      expect(parseErrorAt(BASE.replace(BASE_FIELDS.statement ?? '', bad))).toBe('statement')
    }
  })

  it("accepts every reserved and unreserved character, including ' and #", () => {
    const statement = "A-z0-9 -._~ :/?#[]@ !$&'()*+,;="
    expect(parseSiweMessage(createSiweMessage(withField('statement', statement))).statement).toBe(statement)
  })
})

describe('address: EIP-55', () => {
  const lower = BASE_FIELDS.address.toLowerCase()

  it('refuses an all-lowercase address at parse and build (the spruceid vectors do)', () => {
    expect(buildErrorAt(withField('address', lower))).toBe('address')
    expect(parseErrorAt(BASE.replace(BASE_FIELDS.address, lower))).toBe('address')
  })

  it('refuses a mixed-case address with one letter in the wrong case', () => {
    const flipped = BASE_FIELDS.address.replace('c', 'C')
    expect(flipped).not.toBe(BASE_FIELDS.address)
    expect(buildErrorAt(withField('address', flipped))).toBe('address')
  })

  it('refuses "0X", short and non-hex addresses', () => {
    for (const bad of [`0X${BASE_FIELDS.address.slice(2)}`, BASE_FIELDS.address.slice(0, 41), `${BASE_FIELDS.address.slice(0, 41)}g`]) {
      expect(buildErrorAt(withField('address', bad))).toBe('address')
    }
  })

  it('accepts the address once toChecksumAddress restores its case, and one with no letters at all', () => {
    expect(createSiweMessage(withField('address', toChecksumAddress(lower)))).toBe(BASE)
    expect(() => createSiweMessage(withField('address', '0x0000000000000000000000000000000000000000'))).not.toThrow()
  })
})

describe('field syntax', () => {
  it('domain: RFC 3986 authority with a non-empty host', () => {
    const goods = ['example.com', 'example.com:8443', 'user:pw@example.com', '[::1]:80', '[v1.fe80::a+en1]', '192.168.0.1', 'a%20b.example']
    for (const good of goods) {
      expect(parseSiweMessage(createSiweMessage(withField('domain', good))).domain).toBe(good)
    }
    const bads = ['', 'exa mple.com', 'example.com:80a', '@:80', 'example.com/path', '[zz::1]', '[::1', '[1::2::3]', 'a%2', 'example.com#x']
    for (const bad of bads) {
      expect(buildErrorAt(withField('domain', bad))).toBe('domain')
    }
  })

  it('scheme: parsed from "scheme://domain", and must be an RFC 3986 scheme', () => {
    const message = BASE.replace('service.org wants', 'https://service.org wants')
    expect(parseSiweMessage(message)).toMatchObject({ scheme: 'https', domain: 'service.org' })
    expect(createSiweMessage(parseSiweMessage(message))).toBe(message)
    expect(parseErrorAt(BASE.replace('service.org wants', '1https://service.org wants'))).toBe('scheme')
    expect(buildErrorAt(withField('scheme', 'ht tp'))).toBe('scheme')
  })

  it('uri and resources: RFC 3986 URIs', () => {
    const goods = ['did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK', 'urn:isbn:0451450523', 'https://[::1]/a?b=c#d', 'mailto:a@b.c', 'x:']
    for (const good of goods) {
      expect(parseSiweMessage(createSiweMessage(withField('uri', good))).uri).toBe(good)
      expect(parseSiweMessage(createSiweMessage(withField('resources', [good]))).resources).toStrictEqual([good])
    }
    const bads = ['https://service.org/lo gin', 'https://service.org/%zz', 'no-scheme', '//host/path', 'https://a/b\\c', 'https://[::1/']
    for (const bad of bads) {
      expect(buildErrorAt(withField('uri', bad))).toBe('uri')
      expect(buildErrorAt(withField('resources', ['https://ok.example', bad]))).toBe('resources[1]')
    }
  })

  it('chain id: decimal without leading zeros, up to 2^53 − 1, so it renders back unchanged', () => {
    expect(parseSiweMessage(BASE.replace('Chain ID: 1', 'Chain ID: 0')).chainId).toBe(0)
    expect(parseSiweMessage(BASE.replace('Chain ID: 1', 'Chain ID: 9007199254740991')).chainId).toBe(Number.MAX_SAFE_INTEGER)
    for (const bad of ['01', '9007199254740992', '-1', '1.0', '0x1', '']) {
      expect(parseErrorAt(BASE.replace('Chain ID: 1', `Chain ID: ${bad}`))).toBe('chainId')
    }
    for (const bad of [-1, 1.5, Number.NaN, 2 ** 53, '1']) {
      expect(buildErrorAt(withField('chainId', bad))).toBe('chainId')
    }
  })

  it('nonce: at least 8 ASCII letters and digits', () => {
    expect(parseSiweMessage(BASE.replace('Nonce: 32891757', 'Nonce: aB3dE6gH')).nonce).toBe('aB3dE6gH')
    for (const bad of ['1234567', '1234567_', '12345678 ', 'ñ2345678']) {
      expect(buildErrorAt(withField('nonce', bad))).toBe('nonce')
    }
  })

  it('times: RFC 3339 date-times naming a real date and time', () => {
    const goods = [
      '2020-02-29T00:00:00Z',
      '2021-09-30t16:25:24z',
      '2021-09-30T23:59:60Z',
      '0001-01-01T00:00:00.123456789+14:00',
      '2021-09-30T16:25:24-00:00',
    ]
    for (const good of goods) {
      expect(parseSiweMessage(createSiweMessage(withField('issuedAt', good))).issuedAt).toBe(good)
    }
    const bads = [
      '2021-02-29T00:00:00Z',
      '2021-04-31T00:00:00Z',
      '2021-13-01T00:00:00Z',
      '2021-09-30T24:00:00Z',
      '2021-09-30T16:60:00Z',
      '2021-09-30T16:25:61Z',
      '2021-09-30T16:25:24',
      '2021-09-30 16:25:24Z',
      '2021-09-30T16:25:24+24:00',
      '2021-09-30T16:25:24.Z',
      '21-09-30T16:25:24Z',
    ]
    for (const bad of bads) {
      expect(buildErrorAt(withField('expirationTime', bad))).toBe('expirationTime')
      expect(buildErrorAt(withField('notBefore', bad))).toBe('notBefore')
    }
  })

  it('version: "1" only', () => {
    expect(buildErrorAt(withField('version', '2'))).toBe('version')
    expect(buildErrorAt(withField('version', 1))).toBe('version')
  })

  it('request id: *pchar', () => {
    expect(buildErrorAt(withField('requestId', 'has space'))).toBe('requestId')
    expect(buildErrorAt(withField('requestId', 'a/b'))).toBe('requestId')
  })
})

describe('builder input', () => {
  it('refuses unknown keys (a misspelt field would otherwise vanish from the signed text)', () => {
    expect(buildErrorAt({ ...BASE_FIELDS, resourtes: [] } as unknown as SiweMessageFields)).toBe('resourtes')
  })

  it('refuses null for an optional field, and non-objects', () => {
    expect(buildErrorAt(withField('statement', null))).toBe('statement')
    expect(buildErrorAt(null as unknown as SiweMessageFields)).toBe('message')
    expect(buildErrorAt(withField('resources', 'https://a.example'))).toBe('resources')
  })

  it('treats an optional field set to undefined as absent', () => {
    const { statement: _omit, ...noStatement } = BASE_FIELDS
    expect(createSiweMessage(withField('statement', undefined))).toBe(createSiweMessage(noStatement))
  })
})
