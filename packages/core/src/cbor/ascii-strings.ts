/**
 * ASCII strings for the strict decoder, with the short ones taken from a
 * cache of those recently decoded.
 *
 * Tokens repeat the same short strings constantly: map keys, DIDs, commands.
 * Returning the string decoded before, instead of a new one, allocates
 * nothing, and a string already used as a property key is found again by the
 * engine without hashing it anew.
 *
 * The cache returns exactly what decoding gives: a string is returned only
 * when its code units equal the bytes one for one, which is how ASCII
 * decodes. It is bounded: a fixed table, each slot holding one string of at
 * most {@link MAX_CACHED_LENGTH} characters; strings whose hashes collide
 * replace each other, so hostile input can cause misses, never growth.
 */

/** Longest string cached: every did:key and did:pkh fits. */
export const MAX_CACHED_LENGTH = 64

const SLOTS = 512
const slots: string[] = new Array<string>(SLOTS).fill('')

const textDecoder = new TextDecoder()

/**
 * The string of the bytes at `[start, end)` if they are all ASCII, else
 * `undefined`. For at most {@link MAX_CACHED_LENGTH} bytes.
 */
export function cachedAscii(data: Uint8Array, start: number, end: number): string | undefined {
  // FNV-1a over the bytes, computed in the pass that checks they are ASCII.
  let hash = 0x811c9dc5
  for (let i = start; i < end; i++) {
    const byte = data[i]!
    if (byte >= 0x80) return undefined
    hash = Math.imul(hash ^ byte, 0x01000193)
  }
  const slot = (hash ^ (hash >>> 16)) & (SLOTS - 1)
  const cached = slots[slot]!
  if (holdsAscii(cached, data, start, end)) return cached
  const text = decodeAscii(data, start, end)
  slots[slot] = text
  return text
}

/** The string of the bytes at `[start, end)` if they are all ASCII, else `undefined`. */
export function uncachedAscii(data: Uint8Array, start: number, end: number): string | undefined {
  for (let i = start; i < end; i++) {
    if (data[i]! >= 0x80) return undefined
  }
  return decodeAscii(data, start, end)
}

function holdsAscii(text: string, data: Uint8Array, start: number, end: number): boolean {
  if (text.length !== end - start) return false
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) !== data[start + i]) return false
  }
  return true
}

function decodeAscii(data: Uint8Array, start: number, end: number): string {
  // Short strings are built directly; longer ones are faster through TextDecoder.
  if (end - start <= 12) {
    let text = ''
    for (let i = start; i < end; i++) text += String.fromCharCode(data[i]!)
    return text
  }
  return textDecoder.decode(data.subarray(start, end))
}
