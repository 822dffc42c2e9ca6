import { Tokenizer } from 'cborg'
import type { DecodeOptions } from 'cborg'

const MAJOR_ARRAY = 4
const MAJOR_MAP = 5
const MAJOR_TAG = 6

/**
 * cborg's tokenizer, counting how many arrays and maps are open as it reads.
 *
 * cborg builds values recursively and has no depth option, so a few hundred
 * kilobytes of `0x81 0x81 …` would otherwise exhaust the stack (or worse,
 * succeed here and exhaust it later in a policy walk). Counting in the
 * tokenizer rejects such input in one linear pass, before any value is built.
 */
export class DepthLimitedTokenizer extends Tokenizer {
  /** Items still expected by each open array or map, innermost last. */
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
    // A tag prefixes the item that follows it; that item fills the slot.
    const major = token.type.major
    if (major === MAJOR_TAG) return token
    if (open.length > 0) open[open.length - 1]! -= 1
    const items =
major === MAJOR_ARRAY ? Number(token.value) : major === MAJOR_MAP ? Number(token.value) * 2 : 0
    if (items > 0) {
      open.push(items)
      if (open.length > this.maxDepth) {
        throw new DepthExceeded(this.maxDepth)
      }
    } else {
      while (open.length > 0 && open[open.length - 1] === 0) open.pop()
    }
    return token
  }
}

/** Internal signal, turned into a typed error by the caller. */
export class DepthExceeded extends Error {
  constructor(readonly maxDepth: number) {
    super(`nesting deeper than ${maxDepth} levels`)
  }
}
