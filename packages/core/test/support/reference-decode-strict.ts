/**
 * The literal acceptance rule of `decodeStrict`, as first implemented: cborg's
 * strict dag-cbor decode with a depth-limiting tokenizer, then a full dag-cbor
 * re-encode compared byte for byte with the input. Kept here as the oracle the
 * single-pass decoder (src/cbor/decode-strict.ts) is checked against.
 */
import * as dagCbor from '@ipld/dag-cbor'
import { Tokenizer, decode as cborgDecode } from 'cborg'
import type { DecodeOptions } from 'cborg'
import { equals } from 'uint8arrays/equals'

const MAJOR_ARRAY = 4
const MAJOR_MAP = 5
const MAJOR_TAG = 6

class DepthLimitedTokenizer extends Tokenizer {
  readonly #open: number[] = []

  constructor(
    data: Uint8Array,
    options: DecodeOptions,
    private readonly maxDepth: number,
  ) {
    super(data, options)
  }

  override next() {
    const token = super.next()
    const open = this.#open
    const major = token.type.major
    if (major === MAJOR_TAG) return token
    if (open.length > 0) open[open.length - 1]! -= 1
    const items = major === MAJOR_ARRAY ? Number(token.value) : major === MAJOR_MAP ? Number(token.value) * 2 : 0
    if (items > 0) {
      open.push(items)
      if (open.length > this.maxDepth) throw new Error(`nesting deeper than ${this.maxDepth} levels`)
    } else {
      while (open.length > 0 && open[open.length - 1] === 0) open.pop()
    }
    return token
  }
}

export type ReferenceVerdict = { ok: true; value: unknown } | { ok: false; code: 'ERR_CBOR_MALFORMED' | 'ERR_CBOR_NON_CANONICAL' }

export function referenceDecodeStrict(bytes: Uint8Array, maxDepth = 64): ReferenceVerdict {
  let value: unknown
  try {
    const tokenizer = new DepthLimitedTokenizer(bytes, dagCbor.decodeOptions, maxDepth)
    value = cborgDecode(bytes, { ...dagCbor.decodeOptions, tokenizer })
  } catch {
    return { ok: false, code: 'ERR_CBOR_MALFORMED' }
  }
  let canonical: Uint8Array
  try {
    canonical = dagCbor.encode(value)
  } catch {
    return { ok: false, code: 'ERR_CBOR_NON_CANONICAL' }
  }
  return equals(canonical, bytes) ? { ok: true, value } : { ok: false, code: 'ERR_CBOR_NON_CANONICAL' }
}
