/** ReCap (EIP-5573) encoding, statement text, placement and statement checks beyond the reference vectors. */
import { describe, expect, it } from 'vitest'
import {
  checkRecapStatement,
  createSiweMessage,
  decodeRecap,
  encodeRecap,
  extractRecap,
  parseSiweMessage,
  recapStatement,
  verifyRecap,
  verifySiweMessage,
  withRecap,
  RECAP_STATEMENT_PREAMBLE,
  type Recap,
} from '../src/index.js'
import { BASE_FIELDS, personalSign, thrown } from './helpers.js'

const RECAP: Recap = {
  att: {
    'https://example.com/pictures/': { 'crud/delete': [{}], 'crud/update': [{}], 'other/action': [{}] },
    'mailto:username@example.com': { 'msg/send': [{ to: 'someone@email.com' }] },
  },
  prf: ['bafysameboaza4mnsng7t3djdbilbrnliv6ikxh45zsph7kpettjfbp4ad2g2uu2znujlf2afphw25d4y35pq'],
}
const URI = encodeRecap(RECAP)
const TEXT = recapStatement(RECAP)
const urnOf = (json: string): string => `urn:recap:${Buffer.from(json, 'utf8').toString('base64url')}`
const errorOf = (fn: () => unknown): { code: string; at: string | undefined } => {
  const error = thrown(fn)
  return { code: error.code, at: error.at }
}

describe('statement text: the two orders of namespace groups', () => {
  const GROUPS: Recap = { att: { 'https://r.example': { 'a-b/x': [{}], 'a/z': [{}], 'a/y': [{}] } }, prf: [] }
  const RECAP_TS = `${RECAP_STATEMENT_PREAMBLE} (1) 'a-b': 'x' for 'https://r.example'. (2) 'a': 'y', 'z' for 'https://r.example'.`
  const NAMESPACE = `${RECAP_STATEMENT_PREAMBLE} (1) 'a': 'y', 'z' for 'https://r.example'. (2) 'a-b': 'x' for 'https://r.example'.`

  it('writes recap-ts\'s order by default: "a-b" before "a", since "a-b/x" < "a/y"', () => {
    expect(recapStatement(GROUPS)).toBe(RECAP_TS)
    expect(recapStatement(GROUPS, 'recap-ts')).toBe(RECAP_TS)
  })

  it('writes the Rust crate\'s order on request: namespaces by code unit', () => {
    expect(recapStatement(GROUPS, 'namespace')).toBe(NAMESPACE)
  })

  it('accepts a statement in either order and says which; refuses any other order', () => {
    expect(checkRecapStatement(`Sign in. ${RECAP_TS}`, GROUPS)).toBe('recap-ts')
    expect(checkRecapStatement(NAMESPACE, GROUPS)).toBe('namespace')
    const swappedNames = NAMESPACE.replace("'y', 'z'", "'z', 'y'")
    expect(errorOf(() => checkRecapStatement(swappedNames, GROUPS))).toStrictEqual({ code: 'ERR_RECAP_STATEMENT_MISMATCH', at: 'statement' })
  })

  it('recap-ts order puts integer-like namespaces first, numerically (JavaScript object keys); the namespace order by code unit', () => {
    const recap: Recap = { att: { 'https://r.example': { 'b/x': [{}], '9/x': [{}], '10/x': [{}], 'B/x': [{}] } }, prf: [] }
    const entries = (order: 'recap-ts' | 'namespace') =>
      [...recapStatement(recap, order).matchAll(/\(\d+\) '([^']+)'/g)].map((match) => match[1])
    expect(entries('recap-ts')).toStrictEqual(['9', '10', 'B', 'b'])
    expect(entries('namespace')).toStrictEqual(['10', '9', 'B', 'b'])
  })

  it('resources and ability names sorted whatever the key order of the input object', () => {
    const shuffled: Recap = {
      att: {
        'mailto:username@example.com': { 'msg/send': [{ to: 'someone@email.com' }] },
        'https://example.com/pictures/': { 'other/action': [{}], 'crud/update': [{}], 'crud/delete': [{}] },
      },
      prf: RECAP.prf,
    }
    expect(recapStatement(shuffled)).toBe(TEXT)
    expect(encodeRecap(shuffled)).toBe(URI)
  })
})

describe('decodeRecap accepts only the canonical encoding', () => {
  const canonical = '{"att":{"https://r.example":{"crud/read":[{}]}},"prf":[]}'

  it('decodes the canonical form', () => {
    expect(decodeRecap(urnOf(canonical))).toStrictEqual({ att: { 'https://r.example': { 'crud/read': [{}] } }, prf: [] })
  })

  it('refuses JSON that is not RFC 8785 canonical', () => {
    for (const json of [
      '{"att": {"https://r.example":{"crud/read":[{}]}},"prf":[]}',
      '{"prf":[],"att":{"https://r.example":{"crud/read":[{}]}}}',
      '{"att":{"https://r.example":{"crud/read":[{"n":1.0}]}},"prf":[]}',
      '{"att":{"https://r.example":{"crud/read":[{"s":"\\u0061"}]}},"prf":[]}',
      '{"att":{"https://r.example":{"crud/read":[{}]}},"prf":[],"prf":[]}',
      '{"att":{"https://r.example":{"crud/read":[{}]}},"prf":[]}\n',
    ]) {
      expect(errorOf(() => decodeRecap(urnOf(json)))).toStrictEqual({ code: 'ERR_RECAP_INVALID', at: 'uri' })
    }
  })

  it('refuses bad base64url: padding, the standard alphabet, an impossible length, empty', () => {
    const payload = urnOf(canonical).slice('urn:recap:'.length)
    expect(payload.length % 4).toBe(0)
    for (const bad of [`${payload}==`, `+${payload.slice(1)}`, `/${payload.slice(1)}`, `${payload}A`, '']) {
      expect(errorOf(() => decodeRecap(`urn:recap:${bad}`)).code).toBe('ERR_RECAP_INVALID')
    }
  })

  it('refuses a last character with non-zero unused bits, though it decodes to the same bytes', () => {
    // 64 bytes (≡ 1 mod 3): the last base64 character carries 2 bits of data and 4 unused bits.
    const text = '{"att":{"https://r.example":{"crud/read":[{"abc":1}]}},"prf":[]}'
    expect(text.length % 3).toBe(1)
    const payload = urnOf(text).slice('urn:recap:'.length)
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
    const last = alphabet.indexOf(payload.at(-1) ?? '')
    const sloppy = payload.slice(0, -1) + (alphabet[last + 1] ?? '')
    expect(Buffer.from(sloppy, 'base64url')).toStrictEqual(Buffer.from(payload, 'base64url'))
    expect(errorOf(() => decodeRecap(`urn:recap:${sloppy}`))).toStrictEqual({ code: 'ERR_RECAP_INVALID', at: 'uri' })
  })

  it('refuses a BOM, invalid UTF-8, non-JSON, and another prefix', () => {
    expect(errorOf(() => decodeRecap(urnOf(`\uFEFF${canonical}`))).code).toBe('ERR_RECAP_INVALID')
    expect(errorOf(() => decodeRecap(`urn:recap:${Buffer.from([0x7b, 0xff, 0x7d]).toString('base64url')}`)).code).toBe('ERR_RECAP_INVALID')
    expect(errorOf(() => decodeRecap(urnOf('not json'))).code).toBe('ERR_RECAP_INVALID')
    expect(errorOf(() => decodeRecap(urnOf(canonical).replace('urn:recap:', 'URN:RECAP:'))).code).toBe('ERR_RECAP_INVALID')
  })

  it('refuses a capability object of the wrong shape, naming where', () => {
    const cases: [string, string][] = [
      ['{"att":{"https://r.example":{"crud/read":[{}]}}}', 'prf'],
      ['{"att":{},"prf":[]}', 'att'],
      ['{"att":{"https://r.example":{}},"prf":[]}', 'att["https://r.example"]'],
      ['{"att":{"https://r.example":{"crud":[{}]}},"prf":[]}', 'att["https://r.example"]["crud"]'],
      ['{"att":{"https://r.example":{"crud/read/write":[{}]}},"prf":[]}', 'att["https://r.example"]["crud/read/write"]'],
      ['{"att":{"https://r.example":{"crud/[read]":[{}]}},"prf":[]}', 'att["https://r.example"]["crud/[read]"]'],
      ['{"att":{"https://r.example":{"crud/read":{}}},"prf":[]}', 'att["https://r.example"]["crud/read"]'],
      ['{"att":{"https://r.example":{"crud/read":[[]]}},"prf":[]}', 'att["https://r.example"]["crud/read"][0]'],
      ['{"att":{"https://r.example":{"crud/read":["x"]}},"prf":[]}', 'att["https://r.example"]["crud/read"][0]'],
      ['{"att":{"not a uri":{"crud/read":[{}]}},"prf":[]}', 'att["not a uri"]'],
      ['{"att":{"https://r.example":{"crud/read":[{}]}},"prf":["not-a-cid"]}', 'prf[0]'],
      ['{"att":{"https://r.example":{"crud/read":[{}]}},"prf":[1]}', 'prf[0]'],
      ['{"att":{"https://r.example":{"crud/read":[{}]}},"ext":1,"prf":[]}', 'ext'],
      ['{"att":{"https://r.example":{"crud/read":[{"s":"\\ud800"}]}},"prf":[]}', 'att["https://r.example"]["crud/read"][0]["s"]'],
      ['[]', 'recap'],
    ]
    for (const [json, at] of cases) expect(errorOf(() => decodeRecap(urnOf(json)))).toStrictEqual({ code: 'ERR_RECAP_INVALID', at })
  })

  it('refuses caveats nested deeper than 32 levels without overflowing the stack', () => {
    const deep = `{"att":{"https://r.example":{"crud/read":[{"x":${'['.repeat(10_000)}${']'.repeat(10_000)}}]}},"prf":[]}`
    expect(errorOf(() => decodeRecap(urnOf(deep))).code).toBe('ERR_RECAP_INVALID')
  })
})

describe('encodeRecap validates its input', () => {
  it('refuses values JSON cannot carry, and bad ability strings', () => {
    const caveat = (value: unknown): Recap => ({ att: { 'https://r.example': { 'crud/read': [{ value } as never] } }, prf: [] })
    for (const value of [undefined, () => 1, 1n, new Date(0), Number.NaN, Number.POSITIVE_INFINITY, new Map()]) {
      expect(errorOf(() => encodeRecap(caveat(value))).code).toBe('ERR_RECAP_INVALID')
    }
    expect(errorOf(() => encodeRecap({ att: { 'https://r.example': { 'crud read': [{}] } }, prf: [] })).code).toBe('ERR_RECAP_INVALID')
  })
})

describe('extracting a ReCap from a SIWE message', () => {
  it('finds none when no resource is a ReCap URI', () => {
    expect(extractRecap({ resources: ['https://a.example'] })).toBeUndefined()
    expect(extractRecap({})).toBeUndefined()
  })

  it('refuses a ReCap that is not the last resource', () => {
    const error = errorOf(() => extractRecap({ resources: [URI, 'https://a.example'] }))
    expect(error).toStrictEqual({ code: 'ERR_RECAP_INVALID', at: 'resources[0]' })
  })

  it('refuses two ReCaps, even when the last one is valid, and counts "URN:RECAP:" as one', () => {
    expect(errorOf(() => extractRecap({ resources: [URI, URI] }))).toStrictEqual({ code: 'ERR_RECAP_INVALID', at: 'resources[1]' })
    const upper = URI.replace('urn:recap:', 'URN:RECAP:')
    expect(errorOf(() => extractRecap({ resources: [upper, 'https://a.example', URI] })).code).toBe('ERR_RECAP_INVALID')
    const last = errorOf(() => extractRecap({ resources: ['https://a.example', upper] }))
    expect(last).toStrictEqual({ code: 'ERR_RECAP_INVALID', at: 'resources[1]' })
  })

  it('names the resource and the place inside it when the last ReCap is malformed', () => {
    const bad = urnOf('{"att":{"https://r.example":{"crud":[{}]}},"prf":[]}')
    expect(errorOf(() => extractRecap({ resources: ['https://a.example', bad] }))).toStrictEqual({
      code: 'ERR_RECAP_INVALID',
      at: 'resources[1].att["https://r.example"]["crud"]',
    })
  })
})

describe('statement check', () => {
  it('accepts the text alone or after the user statement and one space', () => {
    checkRecapStatement(TEXT, RECAP)
    checkRecapStatement(`Sign in to Example. ${TEXT}`, RECAP)
  })

  it('refuses a statement that does not end with the regenerated text', () => {
    for (const statement of [undefined, '', 'Sign in.', `${TEXT} Trailing.`, TEXT.replace("'update'", "'write'"), TEXT.slice(0, -1)]) {
      expect(errorOf(() => checkRecapStatement(statement, RECAP))).toStrictEqual({ code: 'ERR_RECAP_STATEMENT_MISMATCH', at: 'statement' })
    }
  })

  it('refuses the text glued to the user statement, and a second grant shown before the real one', () => {
    expect(errorOf(() => checkRecapStatement(`Sign in.${TEXT}`, RECAP)).code).toBe('ERR_RECAP_STATEMENT_MISMATCH')
    const decoy = `${RECAP_STATEMENT_PREAMBLE} (1) 'crud': 'read' for 'https://example.com/pictures/'.`
    expect(errorOf(() => checkRecapStatement(`${decoy} ${TEXT}`, RECAP)).code).toBe('ERR_RECAP_STATEMENT_MISMATCH')
  })

  it('verifyRecap refuses a message whose statement lost the ReCap text', () => {
    const fields = withRecap(BASE_FIELDS, RECAP)
    expect(errorOf(() => verifyRecap({ ...fields, statement: BASE_FIELDS.statement }))).toStrictEqual({
      code: 'ERR_RECAP_STATEMENT_MISMATCH',
      at: 'statement',
    })
  })
})

describe('withRecap', () => {
  it('appends the text and the URI; the message signs, parses and verifies', () => {
    const fields = withRecap(BASE_FIELDS, RECAP)
    expect(fields.statement).toBe(`${BASE_FIELDS.statement} ${TEXT}`)
    expect(fields.resources?.at(-1)).toBe(URI)
    const message = createSiweMessage(fields)
    const verified = verifySiweMessage(message, personalSign(message), { now: new Date('2021-10-01T00:00:00Z'), nonce: '32891757' })
    expect(verifyRecap(verified)).toStrictEqual(RECAP)
  })

  it('makes the text the whole statement when there is none', () => {
    const { statement: _omit, ...noStatement } = BASE_FIELDS
    expect(withRecap(noStatement, RECAP).statement).toBe(TEXT)
    expect(withRecap({ ...noStatement, statement: '' }, RECAP).statement).toBe(TEXT)
    expect(verifyRecap(parseSiweMessage(createSiweMessage(withRecap(noStatement, RECAP))))).toStrictEqual(RECAP)
  })

  it('refuses fields that already carry a ReCap', () => {
    expect(errorOf(() => withRecap(withRecap(BASE_FIELDS, RECAP), RECAP))).toStrictEqual({ code: 'ERR_RECAP_INVALID', at: 'resources' })
  })

  it('refuses a resource whose "%" the statement text cannot carry', () => {
    const recap: Recap = { att: { 'https://r.example/a%20b': { 'crud/read': [{}] } }, prf: [] }
    expect(errorOf(() => withRecap(BASE_FIELDS, recap))).toStrictEqual({ code: 'ERR_SIWE_MALFORMED', at: 'statement' })
  })
})
