/** CACAO (CAIP-74) blocks: encoding, strict decoding, and the message rebuilt from them. */
import { dagCborCid } from '@capchain/core'
import * as dagCbor from '@ipld/dag-cbor'
import { bytesToHex } from '@noble/hashes/utils.js'
import { describe, expect, it } from 'vitest'
import {
  CACAO_MAX_DEPTH,
  createSiweMessage,
  decodeCacao,
  encodeCacao,
  isDecodedCacao,
  looksLikeCacao,
  MAX_CACAO_BYTES,
  type SiweMessageFields,
} from '../src/index.js'
import { BASE_FIELDS, personalSign, SECRET_KEY_ADDRESS, thrown } from './helpers.js'
import { edited, rootFields, signedCacao, SUBJECT } from './root-helpers.js'

describe('encodeCacao / decodeCacao', () => {
  it('encodes the CAIP-74 shape and decodes back to the exact message that was signed', () => {
    const message = createSiweMessage(rootFields())
    const signature = personalSign(message)
    const { bytes, cid } = encodeCacao({ message, signature })
    expect(cid.toString()).toBe(dagCborCid(bytes).toString())
    expect(dagCbor.decode(bytes)).toStrictEqual({
      h: { t: 'eip4361' },
      p: {
        domain: 'photos.example',
        iss: SUBJECT,
        aud: rootFields().uri,
        version: '1',
        nonce: 'n0nce12345',
        iat: '2025-01-01T00:00:00Z',
        nbf: '2025-01-01T00:00:00Z',
        exp: '2025-01-02T00:00:00Z',
        statement: rootFields().statement,
        resources: rootFields().resources,
      },
      s: { t: 'eip191', s: signature },
    })
    const decoded = decodeCacao(bytes)
    expect(decoded.message).toBe(message)
    expect(decoded.fields).toStrictEqual(rootFields())
    expect(decoded.iss).toBe(SUBJECT)
    expect(decoded.signature).toStrictEqual({ type: 'eip191', bytes: signature, encoding: 'bytes' })
    expect(decoded.cid.toString()).toBe(cid.toString())
    expect(Object.isFrozen(decoded)).toBe(true)
    expect(isDecodedCacao(decoded)).toBe(true)
    expect(isDecodedCacao({ ...decoded })).toBe(false)
  })

  it('round-trips every optional field (request id, several resources) and their absence', () => {
    for (const fields of [BASE_FIELDS, { ...BASE_FIELDS, statement: undefined, resources: undefined, requestId: undefined }]) {
      const clean = JSON.parse(JSON.stringify(fields)) as SiweMessageFields
      const message = createSiweMessage(clean)
      const decoded = decodeCacao(encodeCacao({ message, signature: personalSign(message) }).bytes)
      expect(decoded.message).toBe(message)
      expect(decoded.fields).toStrictEqual(clean)
    }
  })

  it('writes the signature as 0x hex on request (Ceramic), and reads both encodings', () => {
    const message = createSiweMessage(rootFields())
    const signature = personalSign(message)
    const { bytes } = encodeCacao({ message, signature }, { signatureEncoding: 'hex' })
    expect((dagCbor.decode(bytes) as { s: { s: unknown } }).s.s).toBe(`0x${bytesToHex(signature)}`)
    expect(decodeCacao(bytes).signature).toStrictEqual({ type: 'eip191', bytes: signature, encoding: 'hex' })
    expect(thrown(() => encodeCacao({ message, signature }, { signatureEncoding: 'base64' as 'hex' })).code).toBe(
      'ERR_SIWE_OPTION_INVALID',
    )
  })

  it('reads the caip122 header type (CAIP-74 requires both) and refuses any other', () => {
    const { bytes } = signedCacao(rootFields())
    expect(decodeCacao(edited(bytes, (c) => (c.h = { t: 'caip122' }))).headerType).toBe('caip122')
    const error = thrown(() => decodeCacao(edited(bytes, (c) => (c.h = { t: 'jwt' }))))
    expect([error.code, error.at]).toStrictEqual(['ERR_CACAO_UNSUPPORTED', 'h.t'])
  })

  it('refuses a signature type other than eip191 / eip1271', () => {
    const { bytes } = signedCacao(rootFields())
    const error = thrown(() => decodeCacao(edited(bytes, (c) => ((c.s as Record<string, unknown>).t = 'solana:ed25519'))))
    expect([error.code, error.at]).toStrictEqual(['ERR_CACAO_UNSUPPORTED', 's.t'])
    expect(thrown(() => encodeCacao({ message: 'x', signature: '0x00', signatureType: 'jws' as 'eip191' })).code).toBe(
      'ERR_CACAO_UNSUPPORTED',
    )
  })

  it('refuses what a CACAO cannot carry: a scheme, an empty statement, an empty resource list', () => {
    const sign = (fields: SiweMessageFields) => {
      const message = createSiweMessage(fields)
      return () => encodeCacao({ message, signature: personalSign(message) })
    }
    expect(thrown(sign({ ...BASE_FIELDS, scheme: 'https' })).at).toBe('scheme')
    expect(thrown(sign({ ...BASE_FIELDS, statement: '' })).at).toBe('statement')
    expect(thrown(sign({ ...BASE_FIELDS, resources: [] })).at).toBe('resources')
  })
})

describe('strict decoding', () => {
  const valid = signedCacao(rootFields()).bytes

  it('sniffs a CACAO apart from a UCAN envelope by its first byte', () => {
    expect(looksLikeCacao(valid)).toBe(true)
    expect(looksLikeCacao(Uint8Array.of(0x82, 0x58))).toBe(false)
    expect(looksLikeCacao(new Uint8Array())).toBe(false)
  })

  it('checks the size before decoding', () => {
    const error = thrown(() => decodeCacao(new Uint8Array(MAX_CACAO_BYTES + 1)))
    expect(error.code).toBe('ERR_INPUT_TOO_LARGE')
    expect(thrown(() => decodeCacao(valid, { maxBytes: valid.length - 1 })).code).toBe('ERR_INPUT_TOO_LARGE')
    expect(decodeCacao(valid, { maxBytes: valid.length }).cid).toBeDefined()
  })

  it('refuses non-canonical DAG-CBOR that decodes to a valid CACAO (unsorted keys)', () => {
    // cborg writes keys in insertion order with mapSorter off: "s" first is not canonical.
    const value = dagCbor.decode<Record<string, unknown>>(valid)
    const { encode } = dagCbor
    const canonical = encode(value)
    expect(canonical).toStrictEqual(valid)
    // Re-order the three top-level entries by hand: header byte 0xa3 then the entries.
    const entries = ['h', 'p', 's'].map((key) => dagCbor.encode({ [key]: value[key] }).subarray(1))
    const shuffled = Uint8Array.of(0xa3, ...(entries[2] as Uint8Array), ...(entries[0] as Uint8Array), ...(entries[1] as Uint8Array))
    const error = thrown(() => decodeCacao(shuffled))
    expect(error.code).toBe('ERR_CBOR_NON_CANONICAL')
    expect(error.cid).toBe(dagCborCid(shuffled).toString())
  })

  it('refuses trailing bytes, truncation and nesting deeper than a CACAO has', () => {
    expect(thrown(() => decodeCacao(Uint8Array.of(...valid, 0))).code).toBe('ERR_CBOR_MALFORMED')
    expect(thrown(() => decodeCacao(valid.subarray(0, valid.length - 1))).code).toBe('ERR_CBOR_MALFORMED')
    const deep = edited(valid, (c) => ((c.p as Record<string, unknown>).resources = [['nested']]))
    expect(CACAO_MAX_DEPTH).toBe(3)
    expect(thrown(() => decodeCacao(deep)).code).toBe('ERR_CBOR_MALFORMED')
  })

  it('refuses unknown fields at every level, a missing signature, and wrong types, naming the path', () => {
    const cases: [string, (c: Record<string, Record<string, unknown>>) => void, string, string][] = [
      ['unknown top-level field', (c) => (c.x = {}), 'ERR_CACAO_MALFORMED', 'x'],
      ['no payload', (c) => delete (c as Record<string, unknown>).p, 'ERR_CACAO_MALFORMED', 'p'],
      ['unsigned', (c) => delete (c as Record<string, unknown>).s, 'ERR_CACAO_MALFORMED', 's'],
      ['signature meta', (c) => ((c.s as Record<string, unknown>).m = {}), 'ERR_CACAO_MALFORMED', 's.m'],
      ['unknown payload field', (c) => ((c.p as Record<string, unknown>).scheme = 'https'), 'ERR_CACAO_MALFORMED', 'p.scheme'],
      ['header not a map', (c) => ((c as Record<string, unknown>).h = 'eip4361'), 'ERR_CACAO_MALFORMED', 'h'],
      ['empty signature', (c) => ((c.s as Record<string, unknown>).s = new Uint8Array()), 'ERR_CACAO_MALFORMED', 's.s'],
      ['signature hex without 0x', (c) => ((c.s as Record<string, unknown>).s = 'abcd'), 'ERR_CACAO_MALFORMED', 's.s'],
      ['integer version', (c) => ((c.p as Record<string, unknown>).version = 1), 'ERR_SIWE_MALFORMED', 'p.version'],
      ['missing nonce', (c) => delete (c.p as Record<string, unknown>).nonce, 'ERR_SIWE_MALFORMED', 'p.nonce'],
      ['bad iat', (c) => ((c.p as Record<string, unknown>).iat = 'yesterday'), 'ERR_SIWE_MALFORMED', 'p.iat'],
      ['null exp', (c) => ((c.p as Record<string, unknown>).exp = null), 'ERR_SIWE_MALFORMED', 'p.exp'],
      ['bad resource', (c) => ((c.p as Record<string, unknown>).resources = ['not a uri']), 'ERR_SIWE_MALFORMED', 'p.resources[0]'],
      ['empty statement', (c) => ((c.p as Record<string, unknown>).statement = ''), 'ERR_CACAO_MALFORMED', 'p.statement'],
      ['empty resources', (c) => ((c.p as Record<string, unknown>).resources = []), 'ERR_CACAO_MALFORMED', 'p.resources'],
      ['issuer of another method', (c) => ((c.p as Record<string, unknown>).iss = 'did:key:z6Mk'), 'ERR_CACAO_UNSUPPORTED', 'p.iss'],
      ['issuer on solana', (c) => ((c.p as Record<string, unknown>).iss = 'did:pkh:solana:x:y'), 'ERR_CACAO_UNSUPPORTED', 'p.iss'],
      ['issuer with an extra part', (c) => ((c.p as Record<string, unknown>).iss = `${SUBJECT}:x`), 'ERR_CACAO_MALFORMED', 'p.iss'],
      ['chain id with a leading zero', (c) => ((c.p as Record<string, unknown>).iss = `did:pkh:eip155:01:${SECRET_KEY_ADDRESS}`), 'ERR_SIWE_MALFORMED', 'p.iss'],
    ]
    for (const [name, edit, code, at] of cases) {
      const error = thrown(() => decodeCacao(edited(valid, edit)))
      expect([name, error.code, error.at], name).toStrictEqual([name, code, at])
      expect(error.cid, name).toBeDefined()
    }
  })

  it('reads the issuer address per EIP-55: one case is normalized, mixed case must pass its checksum', () => {
    const decoded = decodeCacao(valid)
    for (const address of [SECRET_KEY_ADDRESS.toLowerCase(), `0x${SECRET_KEY_ADDRESS.slice(2).toUpperCase()}`]) {
      const read = decodeCacao(edited(valid, (c) => ((c.p as Record<string, unknown>).iss = `did:pkh:eip155:1:${address}`)))
      expect(read.iss).toBe(SUBJECT)
      expect(read.fields.address).toBe(SECRET_KEY_ADDRESS)
      // The wallet signed the EIP-55 form, which is what is rebuilt.
      expect(read.message).toBe(decoded.message)
    }
    // Swap the case of the first letter: still hex, but neither one case nor the checksum form.
    const flipped = SECRET_KEY_ADDRESS.replace(/[a-fA-F]/, (c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()))
    const error = thrown(() => decodeCacao(edited(valid, (c) => ((c.p as Record<string, unknown>).iss = `did:pkh:eip155:1:${flipped}`))))
    expect([error.code, error.at]).toStrictEqual(['ERR_SIWE_MALFORMED', 'p.iss'])
    expect(error.message).toContain('checksum')
    const short = thrown(() => decodeCacao(edited(valid, (c) => ((c.p as Record<string, unknown>).iss = 'did:pkh:eip155:1:0x1234'))))
    expect([short.code, short.at]).toStrictEqual(['ERR_SIWE_MALFORMED', 'p.iss'])
  })

  it('makes statement newline injection impossible: no forged URI line survives decoding or creation', () => {
    const forged = 'Sign in.\n\nURI: did:key:z6MkAttacker\nVersion: 1'
    const error = thrown(() => decodeCacao(edited(valid, (c) => ((c.p as Record<string, unknown>).statement = forged))))
    expect([error.code, error.at]).toStrictEqual(['ERR_SIWE_MALFORMED', 'p.statement'])
    expect(error.message).toContain('line break')
    // Nor through the domain, the other free-text field at the top of the message.
    const viaDomain = thrown(() => decodeCacao(edited(valid, (c) => ((c.p as Record<string, unknown>).domain = 'a.example\nURI: x'))))
    expect([viaDomain.code, viaDomain.at]).toStrictEqual(['ERR_SIWE_MALFORMED', 'p.domain'])
  })

  it('refuses input that is not bytes, or not a map', () => {
    expect(thrown(() => decodeCacao('bafy' as unknown as Uint8Array)).code).toBe('ERR_CACAO_MALFORMED')
    const envelope = thrown(() => decodeCacao(dagCbor.encode([new Uint8Array(64), { h: new Uint8Array(4) }])))
    expect([envelope.code, envelope.at]).toStrictEqual(['ERR_CACAO_MALFORMED', 'cacao'])
  })
})
