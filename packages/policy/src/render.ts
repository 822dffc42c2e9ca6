import { base64 } from 'multiformats/bases/base64'
import { isBytes, isLink, isMap } from './ipld/kind.js'

/** Default cap for a rendered value inside a message. */
export const RENDER_VALUE_LENGTH = 120

/** Default cap for a rendered statement (`PolicyFailure.rendered`). */
export const RENDER_STATEMENT_LENGTH = 1000

const ELLIPSIS = '…'

/**
 * Accumulates output up to a length budget. Once full, writes are ignored,
 * so rendering a huge or deeply nested argument costs O(maxLength): every
 * level of nesting writes at least one character, which also bounds the
 * recursion depth by the budget.
 */
class Writer {
  private readonly parts: string[] = []
  private length = 0
  full = false

  constructor(private readonly max: number) {}

  /** Room left, in UTF-16 code units. */
  get room(): number {
    return this.max - this.length
  }

  write(text: string): void {
    if (this.full) return
    if (this.length + text.length <= this.max) {
      this.parts.push(text)
      this.length += text.length
      return
    }
    let cut = this.max - this.length
    // Do not leave half a surrogate pair before the ellipsis.
    const unit = text.charCodeAt(cut)
    if (cut > 0 && unit >= 0xdc00 && unit <= 0xdfff) cut--
    this.parts.push(text.slice(0, cut))
    this.full = true
  }

  toString(): string {
    return this.parts.join('') + (this.full ? ELLIPSIS : '')
  }
}

function writeString(out: Writer, text: string): void {
  // Quote only what can still be shown: JSON.stringify of a multi-megabyte
  // argument just to print its first hundred characters would be wasteful.
  out.write(JSON.stringify(text.length > out.room ? text.slice(0, out.room + 1) : text))
}

function writeValue(out: Writer, value: unknown): void {
  if (out.full) return
  if (value === null) return out.write('null')
  switch (typeof value) {
    case 'boolean':
    case 'number':
    case 'bigint':
      return out.write(String(value))
    case 'string':
      return writeString(out, value)
    case 'undefined':
      return out.write('undefined')
    case 'object':
      break
    default:
      return out.write('<non-IPLD value>')
  }
  if (Array.isArray(value)) {
    out.write('[')
    for (let i = 0; i < value.length && !out.full; i++) {
      if (i > 0) out.write(', ')
      writeValue(out, value[i])
    }
    return out.write(']')
  }
  if (isBytes(value)) {
    // DAG-JSON's form for bytes; encode only the bytes that can be shown.
    const shown = value.length > out.room ? value.subarray(0, Math.ceil((out.room * 3) / 4) + 3) : value
    return out.write(`{"/": {"bytes": "${base64.baseEncode(shown)}"}}`)
  }
  if (isLink(value)) return out.write(`{"/": "${value.toString()}"}`)
  if (isMap(value)) {
    out.write('{')
    let first = true
    for (const key of Object.keys(value)) {
      if (out.full) break
      if (!first) out.write(', ')
      first = false
      writeString(out, key)
      out.write(': ')
      writeValue(out, value[key])
    }
    return out.write('}')
  }
  out.write('<non-IPLD value>')
}

/**
 * Renders an IPLD value compactly in DAG-JSON style (`["<=", ".size", 1048576]`,
 * bytes as `{"/": {"bytes": …}}`, links as `{"/": "bafy…"}`), cut at
 * `maxLength` code units with a trailing `…`. Never throws, whatever it is given.
 */
export function renderValue(value: unknown, maxLength: number = RENDER_VALUE_LENGTH): string {
  const out = new Writer(maxLength)
  writeValue(out, value)
  return out.toString()
}
