/**
 * HTTP statuses of the profile's codes, for a guard's `statuses` (the
 * guard's `statusWith`): args that cannot be the operation they claim are
 * 400, as the storage service answers malformed args; everything else (a
 * limit, a shape, a statement the chain holds) is the guard's default 403,
 * a chain that does not allow the request.
 */
export const EVM_STATUSES: Readonly<Record<string, number>> = {
  ERR_EVM_ARGS_INVALID: 400,
  ERR_EVM_CALLDATA_MISMATCH: 400,
  ERR_EVM_TYPED_DATA_INVALID: 400,
  ERR_EVM_CHAIN_MISMATCH: 400,
}
