import type { IPLDMap, IPLDValue } from '@capchain/core/token'
import type { AbiParameters } from 'ox'
import { Hex } from 'ox'

/**
 * The decoded arguments of a call as the map policies see under
 * `.call.args`: each parameter by name; addresses in lower case; integers
 * of every width as canonical decimal strings (DAG-CBOR integers stop at
 * 64 bits, and one spelling per value keeps `==` sound); `bytes` and
 * `bytesN` as bytes; tuples as maps by component name; arrays as lists.
 */
export function argsView(parameters: readonly AbiParameters.Parameter[], values: readonly unknown[]): IPLDMap {
  // fromEntries defines own keys, so a parameter named __proto__ is a key like any other, not the map's prototype.
  return Object.fromEntries(parameters.map((parameter, i) => [parameter.name!, valueView(parameter, values[i])]))
}

function valueView(parameter: Pick<AbiParameters.Parameter, 'type'> & { components?: readonly AbiParameters.Parameter[] }, value: unknown): IPLDValue {
  const array = /^(.*)\[\d*\]$/.exec(parameter.type)
  if (array !== null) {
    const element = { ...parameter, type: array[1]! }
    return (value as readonly unknown[]).map((item) => valueView(element, item))
  }
  if (parameter.type === 'tuple') {
    const components = parameter.components!
    // ox returns named tuples as objects and unnamed ones as arrays; components are always named here.
    const values = Array.isArray(value) ? value : components.map((component) => (value as Record<string, unknown>)[component.name!])
    return argsView(components, values)
  }
  if (parameter.type === 'address') return (value as string).toLowerCase()
  if (parameter.type === 'bool' || parameter.type === 'string') return value as boolean | string
  if (parameter.type.startsWith('bytes')) return Hex.toBytes(value as Hex.Hex)
  return BigInt(value as bigint | number).toString()
}
