import type { IPLDMap, IPLDValue } from '@capchain/core/token'
import { Hex, TypedData } from 'ox'
import { isMap, onlyKeys } from '../call/args.js'
import { InvalidEvmArgsError, InvalidTypedDataError } from '../errors.js'
import { isLowerAddress, parseAddress } from '../profile/address.js'
import type { LowerAddress } from '../profile/address.js'
import { parseChain } from '../profile/chain.js'
import { readInt, readUint } from '../profile/uint.js'

/** An `/evm/sign/typed-data` invocation's args, checked. */
export interface EvmTypedData {
  readonly chainId: number
  readonly account: LowerAddress
  /** The typed data as ox takes it (integers as bigints, bytes as hex), `EIP712Domain` derived. */
  readonly typedData: {
    readonly domain: Readonly<Record<string, unknown>>
    readonly types: Readonly<Record<string, readonly { readonly name: string; readonly type: string }[]>>
    readonly primaryType: string
    readonly message: Readonly<Record<string, unknown>>
  }
  /** The EIP-712 digest the account would sign. */
  readonly digest: Hex.Hex
}

/** Most struct types, and fields per struct, in one typed data: EIP-712 re-derives a struct's type string for every instance hashed, so both bound the work done before any signature is checked. */
export const MAX_TYPED_DATA_TYPES = 32
export const MAX_TYPED_DATA_FIELDS = 64
/** Most values (leaves, structs and lists) in one message: ox's EIP-712 hashing costs up to about 0.06 ms per value (a struct each), before any signature is checked. Orders and permits in use hold well under a hundred. */
export const MAX_TYPED_DATA_VALUES = 256

const DOMAIN_FIELDS: Readonly<Record<string, string>> = { name: 'string', version: 'string', chainId: 'uint256', verifyingContract: 'address', salt: 'bytes32' }

/**
 * Check `/evm/sign/typed-data` args: `{ chain, account, typedData: { domain,
 * types, primaryType, message } }`. The typed data is in the profile's
 * spelling (integers as canonical decimal strings, addresses in lower case,
 * bytes as bytes) and must be exactly what is signed: every value in its
 * type's range, every struct with exactly its declared fields (an extra
 * field would be seen by policies and signed by no one), the domain's
 * `chainId` present and equal to `chain`; `EIP712Domain` is derived from
 * the domain, never declared.
 *
 * @throws {InvalidEvmArgsError} a missing, extra, mistyped or non-canonical field of the args
 * @throws {InvalidTypedDataError} typed data that does not fit its own types, or whose domain names another chain
 */
export function checkTypedDataArgs(args: IPLDMap, cid?: string): EvmTypedData {
  const with_ = (at: string) => ({ at, ...(cid === undefined ? {} : { cid }) })
  onlyKeys(args, ['account', 'chain', 'typedData'], 'args', cid)
  const chainId = parseChain(args.chain, 'args.chain')
  const account = parseAddress(args.account, 'args.account')
  const data = args.typedData
  if (!isMap(data)) throw new InvalidEvmArgsError('args.typedData must be { domain, types, primaryType, message }', with_('args.typedData'))
  onlyKeys(data, ['domain', 'message', 'primaryType', 'types'], 'args.typedData', cid)
  const types = readTypes(data.types, with_)
  const { domain, types: domainTypes } = readDomain(data.domain, with_)
  const primaryType = data.primaryType
  if (typeof primaryType !== 'string' || !Object.hasOwn(types, primaryType)) {
    throw new InvalidTypedDataError('args.typedData.primaryType must name one of its types', with_('args.typedData.primaryType'))
  }
  if (domain.chainId !== BigInt(chainId)) {
    throw new InvalidTypedDataError(`the domain's chainId ${String(domain.chainId)} is not ${chainId}, the invocation's chain`, with_('args.typedData.domain.chainId'))
  }
  const message = readValue(primaryType, data.message, types, 'args.typedData.message', with_, { left: MAX_TYPED_DATA_VALUES })
  const typedData = { domain, types: { ...types, EIP712Domain: domainTypes }, primaryType, message: message as Record<string, unknown> }
  let digest: Hex.Hex
  try {
    // ox types typed data from literals at compile time; this one is known only at run time.
    TypedData.validate(typedData as never)
    digest = TypedData.getSignPayload(typedData as never)
  } catch (error) {
    throw new InvalidTypedDataError(`args.typedData does not encode: ${(error as Error).message.split('\n')[0]}`, { ...with_('args.typedData'), cause: error })
  }
  return { chainId, account, typedData, digest }
}

type Where = (at: string) => { at: string; cid?: string }
type Fields = { name: string; type: string }[]

function readTypes(value: IPLDValue | undefined, with_: Where): Record<string, Fields> {
  if (!isMap(value)) throw new InvalidTypedDataError('args.typedData.types must be a map of struct names to field lists', with_('args.typedData.types'))
  if (Object.keys(value).length > MAX_TYPED_DATA_TYPES) {
    throw new InvalidTypedDataError(`args.typedData.types holds more than ${MAX_TYPED_DATA_TYPES} struct types`, with_('args.typedData.types'))
  }
  const types: Record<string, Fields> = {}
  for (const [name, fields] of Object.entries(value)) {
    const at = `args.typedData.types.${name}`
    if (name === 'EIP712Domain') throw new InvalidTypedDataError('EIP712Domain is derived from the domain, not declared', with_(at))
    if (!/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) || !Array.isArray(fields) || fields.length > MAX_TYPED_DATA_FIELDS) {
      throw new InvalidTypedDataError(`${at} must be a list of at most ${MAX_TYPED_DATA_FIELDS} { name, type }`, with_(at))
    }
    const seen = new Set<string>()
    types[name] = fields.map((field, i) => {
      if (!isMap(field) || Object.keys(field).length !== 2 || typeof field.name !== 'string' || typeof field.type !== 'string' || seen.has(field.name) || field.name === '') {
        throw new InvalidTypedDataError(`${at}[${i}] must be { name, type } with a name unique in its struct`, with_(`${at}[${i}]`))
      }
      seen.add(field.name)
      return { name: field.name, type: field.type }
    })
  }
  return types
}

function readDomain(value: IPLDValue | undefined, with_: Where): { domain: Record<string, unknown> & { chainId?: bigint }; types: Fields } {
  if (!isMap(value)) throw new InvalidTypedDataError('args.typedData.domain must be a map', with_('args.typedData.domain'))
  const domain: Record<string, unknown> = {}
  const types: Fields = []
  // EIP-712 orders the domain's fields as listed here, whatever order they came in.
  for (const [name, type] of Object.entries(DOMAIN_FIELDS)) {
    if (Object.hasOwn(value, name)) {
      domain[name] = readValue(type, value[name], {}, `args.typedData.domain.${name}`, with_, { left: 1 })
      types.push({ name, type })
    }
  }
  const extra = Object.keys(value).find((key) => !Object.hasOwn(DOMAIN_FIELDS, key))
  if (extra !== undefined) throw new InvalidTypedDataError(`args.typedData.domain.${extra} is not an EIP-712 domain field`, with_(`args.typedData.domain.${extra}`))
  if (!Object.hasOwn(domain, 'chainId')) throw new InvalidTypedDataError('the domain must name its chainId', with_('args.typedData.domain.chainId'))
  return { domain, types }
}

/** The ox value of `value` typed `type`, refusing anything outside the type's range or spelling. */
function readValue(type: string, value: IPLDValue | undefined, types: Record<string, Fields>, at: string, with_: Where, budget: { left: number }): unknown {
  const bad = (what: string): never => {
    throw new InvalidTypedDataError(`${at} must be ${what}`, with_(at))
  }
  if (--budget.left < 0) throw new InvalidTypedDataError(`args.typedData.message holds more than ${MAX_TYPED_DATA_VALUES} values`, with_(at))
  const array = /^(.*)\[(\d*)\]$/.exec(type)
  if (array !== null) {
    if (!Array.isArray(value) || (array[2] !== '' && value.length !== Number(array[2]))) return bad(`a list of ${type}`)
    return value.map((item, i) => readValue(array[1]!, item, types, `${at}[${i}]`, with_, budget))
  }
  const struct = types[type]
  if (struct !== undefined) {
    if (!isMap(value) || Object.keys(value).length !== struct.length || struct.some((field) => !Object.hasOwn(value, field.name))) {
      return bad(`a ${type} with exactly the fields ${struct.map((field) => field.name).join(', ')}`)
    }
    return Object.fromEntries(struct.map((field) => [field.name, readValue(field.type, value[field.name], types, `${at}.${field.name}`, with_, budget)]))
  }
  if (type === 'address') return isLowerAddress(value) ? value : bad('an address as 0x and 40 lower-case hex digits')
  if (type === 'bool') return typeof value === 'boolean' ? value : bad('a boolean')
  if (type === 'string') return typeof value === 'string' ? value : bad('a string')
  const bytes = /^bytes(\d*)$/.exec(type)
  if (bytes !== null) {
    const size = bytes[1] === '' ? undefined : Number(bytes[1])
    if (!(value instanceof Uint8Array) || (size !== undefined && (size < 1 || size > 32 || value.length !== size))) return bad(`bytes${size ?? ''}`)
    return Hex.fromBytes(value)
  }
  const integer = /^(u?)int(\d*)$/.exec(type)
  if (integer !== null) {
    const width = integer[2] === '' ? 256 : Number(integer[2])
    if (width < 8 || width > 256 || width % 8 !== 0) return bad('a value of a known type')
    const number = integer[1] === 'u' ? readUint(value) : readInt(value)
    const [min, max] = integer[1] === 'u' ? [0n, (1n << BigInt(width)) - 1n] : [-(1n << BigInt(width - 1)), (1n << BigInt(width - 1)) - 1n]
    return number !== undefined && number >= min && number <= max ? number : bad(`a ${type} as a canonical decimal string`)
  }
  return bad(`a value of a known type (${type} is not one)`)
}
