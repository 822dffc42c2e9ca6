import { compare } from 'uint8arrays/compare'
import { StrictDecoder } from '../cbor/decode-strict.js'
import { InputTooLargeError, MalformedContainerError } from '../errors.js'
import { decodeBase64 } from './base64.js'
import { CONTAINER_KEY, MAX_CONTAINER_BYTES, MAX_CONTAINER_TOKENS, variantByHeader } from './format.js'
import type { ContainerFormat } from './format.js'
import { requireGzip } from './gzip-support.js'

export interface ContainerDecodeOptions {
  /** Largest container, received (and decompressed, unless `maxInflatedBytes` says otherwise). Default {@link MAX_CONTAINER_BYTES}. */
  maxBytes?: number
  /**
   * Largest payload a gzip variant may inflate to, checked as it inflates.
   * Default `maxBytes`. A caller whose input is small (an HTTP header) sets
   * it near that size, so a few KiB cannot stand for a megabyte of tokens.
   */
  maxInflatedBytes?: number
  /** Most tokens. Default {@link MAX_CONTAINER_TOKENS}. */
  maxTokens?: number
}

export interface DecodedContainer {
  readonly format: ContainerFormat
  /**
   * Token bytes in container order (bytewise sorted when well-formed). Not
   * decoded or verified. Copies of a container given as raw bytes; views
   * into the decoded payload of a text or gzip container, which nothing else
   * holds (a kept token keeps that payload's memory alive).
   */
  readonly tokens: Uint8Array[]
}

const textDecoder = new TextDecoder('utf-8', { fatal: true })

/**
 * Read a UCAN container v0.1 (`<header byte><payload>`), as bytes or as the
 * text form a header or file carries. Tokens come back as bytes: the caller
 * decodes them and computes their CIDs (the container carries none, by design).
 *
 * @throws {InputTooLargeError} over `maxBytes` as received, over `maxInflatedBytes` while decompressing, or over `maxTokens`
 * @throws {MalformedContainerError} bad header byte, base64, gzip or CBOR shape
 * @throws {UnsupportedContainerError} a gzip container when gzip support is not registered (`registerGzip`)
 */
export function decodeContainer(input: Uint8Array | string, options: ContainerDecodeOptions = {}): DecodedContainer {
  const maxBytes = options.maxBytes ?? MAX_CONTAINER_BYTES
  const maxTokens = options.maxTokens ?? MAX_CONTAINER_TOKENS
  const length = typeof input === 'string' ? input.length : input.length
  if (length > maxBytes) throw new InputTooLargeError(length, maxBytes, 'container')
  if (length === 0) throw new MalformedContainerError('container is empty')

  const header = typeof input === 'string' ? input.charCodeAt(0) : input[0]!
  const variant = variantByHeader(header)
  if (variant === undefined) {
    throw new MalformedContainerError(
      `unknown container header byte 0x${header.toString(16)}; expected one of @ B C M O P`,
      { at: 'header' },
    )
  }

  let payload: Uint8Array
  if (variant.base === 'raw') {
    if (typeof input === 'string') {
      throw new MalformedContainerError('a raw-bytes container (header @ or M) cannot be given as text', { at: 'header' })
    }
    payload = input.subarray(1)
  } else {
    const text = typeof input === 'string' ? input.slice(1).trim() : asciiText(input.subarray(1))
    const decoded = decodeBase64(text, variant.base)
    if (decoded === undefined) {
      throw new MalformedContainerError(
        `container body is not ${variant.base === 'base64' ? 'padded standard base64' : 'unpadded base64url'} as its header says`,
        { at: 'body' },
      )
    }
    payload = decoded
  }
  if (variant.gzip) payload = requireGzip().gunzip(payload, options.maxInflatedBytes ?? maxBytes)
  // Decoded from text or inflated, the payload is ours alone: its tokens can be views into it.
  const owned = variant.base !== 'raw' || variant.gzip
  return { format: variant.format, tokens: readTokenList(payload, maxTokens, owned) }
}

function asciiText(bytes: Uint8Array): string {
  try {
    return textDecoder.decode(bytes).trim()
  } catch (cause) {
    throw new MalformedContainerError('container body is not text', { at: 'body', cause })
  }
}

const MAJOR_BYTES = 2
const MAJOR_TEXT = 3
const MAJOR_ARRAY = 4
const MAJOR_MAP = 5

/**
 * Read `{"ctn-v1": [bytes…]}` head by head, in one pass. Reading the
 * expected shape, rather than decoding any CBOR and checking it afterwards,
 * means nothing nested is ever built: a container nests two levels, and
 * deeper input is refused at its first unexpected head. The heads are read
 * by the tokens' own strict decoder, so the browser bundle needs no second
 * CBOR library to read a container (docs/performance.md, "Bundle sizes").
 */
function readTokenList(cbor: Uint8Array, maxTokens: number, owned: boolean): Uint8Array[] {
  // The depth limit is unused: `head` reads one head at a time and opens nothing.
  const reader = new StrictDecoder(cbor, 0)
  const next = (where: string) => {
    if (reader.pos >= cbor.length) throw new MalformedContainerError(`container CBOR ends early, in ${where}`, { at: 'body' })
    try {
      return reader.head()
    } catch (cause) {
      throw new MalformedContainerError(`container is not valid CBOR: ${(cause as Error).message}`, { at: 'body', cause })
    }
  }
  const map = next('its map')
  if (map.major !== MAJOR_MAP) {
    throw new MalformedContainerError(`a container is a CBOR map {"${CONTAINER_KEY}": [token bytes…]}`, { at: 'body' })
  }
  const key = map.argument === 1 ? next('its key') : undefined
  const keyText = key?.major === MAJOR_TEXT ? reader.string(reader.pos, reader.pos + Number(key.argument)) : undefined
  if (keyText !== undefined) reader.pos += Number(key!.argument)
  if (keyText !== CONTAINER_KEY) {
    const found = keyText === undefined ? `a map of ${String(map.argument)} entries` : `[${JSON.stringify(keyText)}]`
    throw new MalformedContainerError(`a container map has exactly the key "${CONTAINER_KEY}", found ${found}`, { at: 'body' })
  }
  const list = next(`"${CONTAINER_KEY}"`)
  if (list.major !== MAJOR_ARRAY) throw new MalformedContainerError(`"${CONTAINER_KEY}" must be a list`, { at: CONTAINER_KEY })
  const count = Number(list.argument)
  if (count > maxTokens) throw new InputTooLargeError(count, maxTokens, 'container token count')
  const tokens: Uint8Array[] = []
  for (let index = 0; index < count; index++) {
    const token = next(`token ${index}`)
    if (token.major !== MAJOR_BYTES) {
      throw new MalformedContainerError(`token ${index} in the container is not bytes`, { at: `${CONTAINER_KEY}[${index}]` })
    }
    const start = reader.pos
    reader.pos += Number(token.argument)
    // Bytes the caller handed in may be reused by it, so its tokens are copies. A payload this
    // function made is shared by no one, and a view costs nothing, while every copy is an
    // ArrayBuffer of its own outside the JS heap (several µs in Node, four per request header).
    tokens.push(owned ? cbor.subarray(start, reader.pos) : cbor.slice(start, reader.pos))
  }
  if (reader.pos !== cbor.length) throw new MalformedContainerError('container CBOR has bytes after its map', { at: 'body' })
  return tokens
}

/** Tokens sorted bytewise and deduplicated, as the container spec orders them. */
export function canonicalTokenOrder(tokens: readonly Uint8Array[]): Uint8Array[] {
  const sorted = [...tokens].sort(compare)
  return sorted.filter((token, index) => index === 0 || compare(token, sorted[index - 1]!) !== 0)
}
