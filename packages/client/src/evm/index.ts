/**
 * `@capchain/client/evm`: on-chain permissions for the client, a subpath so
 * that apps without them do not bundle the EVM profile (ox, ABI decoding).
 * `delegateEvm` grants another key calls from the user's account with
 * limits; `evmSignInAbilities` adds EVM abilities to the one sign-in.
 * docs/client.md, "On-chain permissions".
 */
export { delegateEvm } from './delegate-evm.js'
export type { EvmDelegateOptions, EvmLimits } from './delegate-evm.js'
export { evmSignInAbilities } from './sign-in-abilities.js'
export type { EvmSignInOptions } from './sign-in-abilities.js'
