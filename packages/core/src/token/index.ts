export { decodeToken } from './decode.js'
export { decodeDelegation, delegationFromEnvelope, createDelegation } from './delegation.js'
export type { CreateDelegationInput } from './delegation.js'
export { decodeInvocation, invocationFromEnvelope, createInvocation } from './invocation.js'
export type { CreateInvocationInput } from './invocation.js'
export { verifyTokenSignature } from './verify-signature.js'
export { assertCommand, commandSyntaxError, commandCovers, MAX_COMMAND_LENGTH } from './command.js'
export { isDid, MAX_DID_LENGTH } from './did-syntax.js'
export { MAX_TOKEN_BYTES } from '../envelope/limits.js'
export { tokenKindHint } from '../envelope/kind-hint.js'
export type {
  DecodeOptions,
  Delegation,
  DelegationPayload,
  Envelope,
  Invocation,
  InvocationPayload,
  IPLDMap,
  IPLDValue,
  Token,
  TokenKind,
} from './interface.js'
