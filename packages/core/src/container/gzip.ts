import { Gunzip, gzipSync } from 'fflate'
import { InputTooLargeError, MalformedContainerError } from '../errors.js'

/** Deflate expands at most ~1032× (a 258-byte match per 2 bits, in the best case); a step's output stays within this many times its input. */
const MAX_EXPANSION = 1032
/**
 * Input steps are sized so one step cannot inflate past the ceiling by more
 * than the ceiling itself, within these bounds: below 256 bytes, the cost
 * of a step (a few µs) outweighs inflating the 264 KB it can produce.
 */
const MIN_INPUT_STEP = 256
const MAX_INPUT_STEP = 1024
/** 10-byte header + 8-byte trailer. */
const GZIP_MIN_LENGTH = 18

/** ISIZE: the uncompressed length mod 2^32, little-endian, in the last four bytes. */
function trailerSize(data: Uint8Array): number {
  const n = data.length
  return (data[n - 4]! | (data[n - 3]! << 8) | (data[n - 2]! << 16) | (data[n - 1]! << 24)) >>> 0
}

/**
 * Gunzip with a ceiling on the output: input is fed in steps of
 * `maxOutput / 1032` bytes (256 B to 1 KiB), so a decompression bomb is
 * stopped within one step, having inflated past the ceiling by at most the
 * ceiling itself (or 264 KB, if that is more), instead of being inflated whole.
 *
 * fflate rather than node:zlib: it is synchronous in browsers too. fflate
 * does not check the gzip trailer; we check its length field (ISIZE) so a
 * truncated stream is an error. The CRC is not checked: integrity comes from
 * the tokens themselves, each hashed to its CID and signed.
 *
 * @throws {InputTooLargeError} the output would exceed `maxOutput`
 * @throws {MalformedContainerError} not valid gzip
 */
export function gunzipBounded(data: Uint8Array, maxOutput: number): Uint8Array {
  const chunks: Uint8Array[] = []
  let total = 0
  let ended = false
  const stream = new Gunzip((chunk, final) => {
    total += chunk.length
    chunks.push(chunk)
    if (final) ended = true
  })
  try {
    const step = Math.min(MAX_INPUT_STEP, Math.max(MIN_INPUT_STEP, Math.floor(maxOutput / MAX_EXPANSION)))
    for (let offset = 0; offset < data.length; offset += step) {
      const end = Math.min(offset + step, data.length)
      stream.push(data.subarray(offset, end), end === data.length)
      if (total > maxOutput) throw new InputTooLargeError(total, maxOutput, 'decompressed container')
    }
  } catch (cause) {
    if (cause instanceof InputTooLargeError) throw cause
    throw new MalformedContainerError(`container is not valid gzip: ${(cause as Error).message}`, { cause })
  }
  if (!ended || data.length < GZIP_MIN_LENGTH || trailerSize(data) !== total % 2 ** 32) {
    throw new MalformedContainerError('container gzip stream is truncated')
  }
  const out = new Uint8Array(total)
  let offset = 0
  for (const chunk of chunks) {
    out.set(chunk, offset)
    offset += chunk.length
  }
  return out
}

/** Gzip with a fixed header (mtime 0), so the same tokens always give the same container. */
export function gzip(data: Uint8Array): Uint8Array {
  return gzipSync(data, { mtime: 0 })
}
