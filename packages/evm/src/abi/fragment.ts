import { AbiFunction } from 'ox'
import type { AbiParameters } from 'ox'
import { InvalidEvmArgsError } from '../errors.js'
import { parseFunction } from './parse.js'

/** Longest accepted function signature, in characters: a bound on the work of parsing a claim. */
export const MAX_FUNCTION_LENGTH = 1024

/** A claimed function, parsed: its one canonical spelling, its selector, and ox's fragment. */
export interface ClaimedFunction {
  /** `name(type name, …)`, as ox formats it: the one spelling accepted in `args.call.function`. */
  readonly signature: string
  /** `0x` and the 4 selector bytes in lower-case hex. */
  readonly selector: `0x${string}`
  readonly abi: AbiFunction.AbiFunction
}

/**
 * Parse the function an invoker claims to call, written `transfer(address
 * to, uint256 amount)`. One spelling only (ox's format, no `function`
 * keyword, no mutability, no `returns`), every parameter named and names
 * unique at each level: the names become the keys policies select
 * (`.call.args.to`), so a second spelling or an unnamed parameter would let
 * a policy see something else than the grantor meant. Zero-length static
 * arrays (and sizes written with a leading zero, which ox keeps) are
 * refused: they occupy no calldata, which the layout check relies on to
 * bound its work.
 *
 * @throws {InvalidEvmArgsError} not a function signature in that form
 */
export function parseClaimedFunction(claim: unknown, at: string): ClaimedFunction {
  if (typeof claim !== 'string' || claim.length > MAX_FUNCTION_LENGTH) {
    throw new InvalidEvmArgsError(`${at} must be a function signature of at most ${MAX_FUNCTION_LENGTH} characters`, { at })
  }
  let abi: AbiFunction.AbiFunction
  try {
    abi = parseFunction(`function ${claim}`)
  } catch (error) {
    throw new InvalidEvmArgsError(`${at} is not a function signature: ${JSON.stringify(claim)}`, { at, cause: error })
  }
  if (abi.outputs.length > 0 || abi.stateMutability !== 'nonpayable' || AbiFunction.format(abi) !== `function ${claim}`) {
    throw new InvalidEvmArgsError(`${at} must be spelled ${JSON.stringify(canonical(abi))}`, { at })
  }
  checkNames(abi.inputs, at)
  return { signature: claim, selector: AbiFunction.getSelector(abi), abi }
}

function canonical(abi: AbiFunction.AbiFunction): string {
  const plain: AbiFunction.AbiFunction = { ...abi, outputs: [], stateMutability: 'nonpayable' }
  return AbiFunction.format(plain).slice('function '.length)
}

function checkNames(parameters: readonly AbiParameters.Parameter[], at: string): void {
  const seen = new Set<string>()
  for (const parameter of parameters) {
    const name = parameter.name
    if (name === undefined || name === '') throw new InvalidEvmArgsError(`${at}: every parameter needs a name (${parameter.type})`, { at })
    if (seen.has(name)) throw new InvalidEvmArgsError(`${at}: parameter name ${JSON.stringify(name)} is used twice`, { at })
    seen.add(name)
    // [0] and [00]… alike: ox keeps the digits as written, and a zero-size element would let a length word drive the layout walk for free.
    if (/\[0\d*\]/.test(parameter.type)) throw new InvalidEvmArgsError(`${at}: zero-length and zero-padded array sizes are refused (${parameter.type} ${name})`, { at })
    if ('components' in parameter) checkNames(parameter.components, at)
  }
}
