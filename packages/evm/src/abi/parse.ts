import { AbiFunction } from 'ox'

/**
 * `AbiFunction.from` for a signature known only at run time: ox's types parse
 * string literals at compile time, so a runtime string needs this one cast.
 *
 * @throws {Error} ox's error for a string that is not a function signature
 */
export function parseFunction(signature: string): AbiFunction.AbiFunction {
  return AbiFunction.from(signature as unknown as AbiFunction.AbiFunction)
}
