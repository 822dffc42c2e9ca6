import type { IPLDMap, IPLDValue } from '@capchain/core/token'
import { Hex } from 'ox'
import { InvalidEvmArgsError } from '../errors.js'
import { lowerAddress } from '../profile/address.js'
import { caip2, parseChain } from '../profile/chain.js'

/** What `evmTypedDataArgs` builds from: typed data as wallets take it (integers as bigints or numbers, bytes as hex). */
export interface EvmTypedDataInput {
  readonly chain: number | string
  readonly account: string
  readonly typedData: {
    readonly domain: Readonly<Record<string, unknown>>
    readonly types: Readonly<Record<string, readonly { readonly name: string; readonly type: string }[]>>
    readonly primaryType: string
    readonly message: Readonly<Record<string, unknown>>
  }
}

const DOMAIN_TYPES: Readonly<Record<string, string>> = { name: 'string', version: 'string', chainId: 'uint256', verifyingContract: 'address', salt: 'bytes32' }

/**
 * The args of an `/evm/sign/typed-data` invocation, in the profile's
 * spelling (integers as canonical decimal strings, addresses in lower case,
 * bytes as bytes); `EIP712Domain` is dropped, the profile derives it.
 *
 * @throws {InvalidEvmArgsError} a value of the wrong kind for its type
 */
export function evmTypedDataArgs(input: EvmTypedDataInput): IPLDMap {
  const chain = typeof input.chain === 'number' ? caip2(input.chain) : caip2(parseChain(input.chain, 'chain'))
  const { EIP712Domain: _derived, ...types } = input.typedData.types
  const domain: IPLDMap = {}
  for (const [name, value] of Object.entries(input.typedData.domain)) domain[name] = spell(DOMAIN_TYPES[name] ?? 'unknown', value, types, `domain.${name}`)
  return {
    chain,
    account: lowerAddress(input.account, 'account'),
    typedData: {
      domain,
      types: Object.fromEntries(Object.entries(types).map(([name, fields]) => [name, fields.map((field) => ({ name: field.name, type: field.type }))])),
      primaryType: input.typedData.primaryType,
      message: spell(input.typedData.primaryType, input.typedData.message, types, 'message'),
    },
  }
}

function spell(type: string, value: unknown, types: EvmTypedDataInput['typedData']['types'], at: string): IPLDValue {
  const array = /^(.*)\[\d*\]$/.exec(type)
  if (array !== null && Array.isArray(value)) return value.map((item, i) => spell(array[1]!, item, types, `${at}[${i}]`))
  const struct = types[type]
  if (struct !== undefined && typeof value === 'object' && value !== null) {
    return Object.fromEntries(struct.map((field) => [field.name, spell(field.type, (value as Record<string, unknown>)[field.name], types, `${at}.${field.name}`)]))
  }
  if (type === 'address' && typeof value === 'string') return lowerAddress(value, at)
  if ((type === 'bool' && typeof value === 'boolean') || (type === 'string' && typeof value === 'string')) return value
  if (/^bytes\d*$/.test(type) && typeof value === 'string' && Hex.validate(value)) return Hex.toBytes(value)
  if (/^u?int\d*$/.test(type) && (typeof value === 'bigint' || (typeof value === 'number' && Number.isSafeInteger(value)))) return BigInt(value).toString()
  throw new InvalidEvmArgsError(`${at} is not a ${type}`, { at })
}
