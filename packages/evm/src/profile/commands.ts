/**
 * The EVM profile's commands. Sending a call and signing typed data are
 * different powers, so each is its own command: the UCAN command, which
 * every verifier compares, is what separates them.
 */

/** Covers every EVM operation (`/evm/call`, `/evm/sign/typed-data`, by whole segments). */
export const EVM_COMMAND = '/evm'

/** Send a call, or a value transfer (a call with empty calldata), from the user's account. */
export const EVM_CALL_COMMAND = '/evm/call'

/** Sign EIP-712 typed data (a permit, an order) for the user's account. */
export const EVM_SIGN_TYPED_DATA_COMMAND = '/evm/sign/typed-data'
