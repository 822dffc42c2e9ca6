/**
 * `@capchain/evm`: the EVM capability profile. Commands for sending a call
 * and signing EIP-712 typed data, invocation args that carry the calldata
 * with the call the profile derives from it (never trusted from the
 * invoker), uint256 comparisons and dangerous call shapes as a
 * `capchain/evm@1` statement that fails closed elsewhere, and the guard
 * requirements that return what an operation spends. docs/evm.md has the design.
 */
export { MAX_FUNCTION_LENGTH, parseClaimedFunction } from './abi/fragment.js'
export type { ClaimedFunction } from './abi/fragment.js'
export { decodeCall } from './abi/decode-call.js'
export { callAmounts, erc20Dimension, WEI } from './call/amounts.js'
export { checkEvmCallArgs, MAX_CALLDATA_BYTES } from './call/args.js'
export type { EvmCall } from './call/args.js'
export { evmCallArgs } from './call/build.js'
export type { EvmCallInput } from './call/build.js'
export { CALL_SHAPES, callShapes } from './call/shapes.js'
export type { CallShape } from './call/shapes.js'
export { evmCallPolicy } from './grant/policy.js'
export type { EvmCallGrantInput } from './grant/policy.js'
export { isLowerAddress } from './profile/address.js'
export type { LowerAddress } from './profile/address.js'
export { caip2, parseChain } from './profile/chain.js'
export type { Caip2Chain } from './profile/chain.js'
export { EVM_CALL_COMMAND, EVM_COMMAND, EVM_SIGN_TYPED_DATA_COMMAND } from './profile/commands.js'
export { EVM_STATUSES } from './profile/statuses.js'
export { formatUint, MAX_UINT256, readUint } from './profile/uint.js'
export { evmCallRequirement } from './requirement/call.js'
export type { EvmCallRequirement } from './requirement/call.js'
export type { EvmRequiredInvocation, EvmRequirementOptions } from './requirement/interface.js'
export { evmTypedDataRequirement } from './requirement/typed-data.js'
export type { EvmTypedDataRequired, EvmTypedDataRequirement } from './requirement/typed-data.js'
export { enforceEvmStatements } from './statement/enforce.js'
export type { LinkStatements } from './statement/enforce.js'
export { EVM_MARKER, evmStatement, MAX_UINT_COMPARISONS, mentionsEvm, readEvmStatement, UINT_OPERATORS } from './statement/statement.js'
export type { EvmConstraint, UintComparison, UintOperator } from './statement/statement.js'
export { checkTypedDataArgs, MAX_TYPED_DATA_FIELDS, MAX_TYPED_DATA_TYPES, MAX_TYPED_DATA_VALUES } from './typed-data/args.js'
export type { EvmTypedData } from './typed-data/args.js'
export { evmTypedDataArgs } from './typed-data/build.js'
export type { EvmTypedDataInput } from './typed-data/build.js'
export { typedDataAmounts } from './typed-data/amounts.js'
export { evmVerdict } from './verdict/verdict.js'
export type { EvmVerdict } from './verdict/verdict.js'
export {
  CalldataMismatchError,
  ChainMismatchError,
  EvmCommandError,
  EvmError,
  EvmLimitError,
  ForbiddenCallShapeError,
  InvalidEvmArgsError,
  InvalidEvmStatementError,
  InvalidTypedDataError,
} from './errors.js'
export type { EvmErrorCode } from './errors.js'
