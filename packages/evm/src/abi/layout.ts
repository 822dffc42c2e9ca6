import type { AbiParameters } from 'ox'

/**
 * Whether `data` (after the selector) is laid out exactly as the canonical
 * ABI encoder lays out `parameters`: every offset points at the next unused
 * byte, every length fits, nothing follows the last value.
 *
 * Checked before ox decodes, and by hand because no decoder we know bounds
 * its output: offsets may alias, so 64 KiB of `uint256[][][]` whose entries
 * all point at one inner array decodes to billions of elements. Here each
 * value must consume fresh bytes (at least 32, as zero-length arrays and
 * empty tuples are refused with the fragment), so the walk is linear in
 * the calldata and so is the decode that follows. Values themselves (range,
 * padding) are left to the re-encoding check.
 */
export function isCanonicalLayout(parameters: readonly AbiParameters.Parameter[], data: Uint8Array): boolean {
  return walkTuple(parameters.length, (i) => parameters[i]!, data, 0) === data.length
}

type Parameter = Pick<AbiParameters.Parameter, 'type'> & { readonly components?: readonly AbiParameters.Parameter[] }

const ARRAY = /^(.*)\[(\d*)\]$/

/** The end of the tuple encoded at `start`, or -1 when its layout is not canonical. */
function walkTuple(count: number, parameterAt: (i: number) => Parameter, data: Uint8Array, start: number): number {
  let heads = 0
  for (let i = 0; i < count; i++) {
    heads += headSize(parameterAt(i))
    if (start + heads > data.length) return -1
  }
  let tail = start + heads
  let head = start
  for (let i = 0; i < count; i++) {
    const parameter = parameterAt(i)
    if (isDynamic(parameter)) {
      if (readWord(data, head) !== tail - start) return -1
      tail = walkDynamic(parameter, data, tail)
      if (tail < 0) return -1
    }
    head += headSize(parameter)
  }
  return tail
}

function walkDynamic(parameter: Parameter, data: Uint8Array, at: number): number {
  if (parameter.type === 'bytes' || parameter.type === 'string') {
    const length = readWord(data, at)
    const end = at + 32 + Math.ceil(length / 32) * 32
    return length < 0 || end > data.length ? -1 : end
  }
  const array = ARRAY.exec(parameter.type)
  if (array === null) return walkTuple(parameter.components!.length, (i) => parameter.components![i]!, data, at)
  const element: Parameter = { type: array[1]!, ...(parameter.components === undefined ? {} : { components: parameter.components }) }
  if (array[2] !== '') return walkTuple(Number(array[2]), () => element, data, at)
  const length = readWord(data, at)
  // Each element takes at least 32 bytes of head, so a length the data cannot hold is refused before any loop.
  if (length < 0 || length * headSize(element) > data.length - at - 32) return -1
  return walkTuple(length, () => element, data, at + 32)
}

function isDynamic(parameter: Parameter): boolean {
  if (parameter.type === 'bytes' || parameter.type === 'string') return true
  const array = ARRAY.exec(parameter.type)
  if (array !== null) return array[2] === '' || isDynamic({ type: array[1]!, ...(parameter.components === undefined ? {} : { components: parameter.components }) })
  return parameter.type === 'tuple' && parameter.components!.some(isDynamic)
}

function headSize(parameter: Parameter): number {
  if (isDynamic(parameter)) return 32
  const array = ARRAY.exec(parameter.type)
  if (array !== null) return Number(array[2]) * headSize({ type: array[1]!, ...(parameter.components === undefined ? {} : { components: parameter.components }) })
  if (parameter.type === 'tuple') return parameter.components!.reduce((sum, component) => sum + headSize(component), 0)
  return 32
}

/** The 32-byte big-endian word at `at` as a number, -1 when it is out of bounds or above 2^32 (no offset or length in 128 KiB of calldata is). */
function readWord(data: Uint8Array, at: number): number {
  if (at + 32 > data.length) return -1
  for (let i = at; i < at + 28; i++) if (data[i] !== 0) return -1
  return ((data[at + 28]! << 24) >>> 0) + (data[at + 29]! << 16) + (data[at + 30]! << 8) + data[at + 31]!
}
