/**
 * The default string form of a CIDv1, multibase base32 (`b` and RFC 4648
 * lowercase, unpadded), as `CID.prototype.toString` writes it, built in one
 * flat string.
 *
 * Why not `base32.encode` from multiformats: it appends one character at a
 * time, and V8 keeps such a string as a tree of some sixty pieces (about
 * 2 KB for a 59-character CID) until something flattens it. A token's CID
 * string is the key of its replay record, cap charges and revocations, so
 * that tree was what a memory store kept for every invocation it saw, and
 * what the garbage collector copied on every request.
 */
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567'
const CODES = Uint8Array.from(ALPHABET, (char) => char.charCodeAt(0))
const MULTIBASE_BASE32 = 0x62 // 'b'
// ASCII only is written: Latin-1 decodes it character for character, into one flat string.
const latin1 = new TextDecoder('latin1')

/** `b` + the unpadded lowercase base32 of `bytes`. */
export function base32CidString(bytes: Uint8Array): string {
  // 59 bytes for a 36-byte CID: an array this small stays on V8's own heap, where it is cheap to make.
  const out = new Uint8Array(1 + Math.ceil((bytes.length * 8) / 5))
  out[0] = MULTIBASE_BASE32
  let written = 1
  let buffer = 0
  let bits = 0
  for (const byte of bytes) {
    buffer = ((buffer << 8) | byte) & 0xfff
    bits += 8
    while (bits >= 5) {
      bits -= 5
      out[written++] = CODES[(buffer >>> bits) & 31]!
    }
  }
  if (bits > 0) out[written++] = CODES[(buffer << (5 - bits)) & 31]!
  return latin1.decode(out)
}
