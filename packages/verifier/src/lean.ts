/**
 * `@capchain/verifier/lean`: the verifier with Ed25519 did:key issuers only,
 * for browser bundles that verify such chains (docs/performance.md, "Bundle
 * sizes"). secp256k1 and P-256 did:keys are refused as unsupported issuers
 * and EIP-191 envelopes never verify, unless the app calls `registerEcdsa`
 * from `@capchain/core/ecdsa`; gzip proof containers are undecodable unless
 * it calls `registerGzip` from `@capchain/core/gzip`; a `resolver` (issuers
 * that are not did:key) is refused by `createVerifier` unless it calls
 * `registerDidDocuments`; SIWE roots are the caller's `rootFormats` as
 * always. `@capchain/verifier` is this with all three registered.
 */
export { createVerifier, verifyDelegation, verifyInvocation } from './verifier.js'
export { registerDidDocuments } from './resolve/register.js'
export { explain } from './explain.js'
export { specErrorName, SPEC_ERROR_NAMES } from './spec-error-name.js'
export type { SpecErrorName } from './spec-error-name.js'
export {
  AudienceMismatchError,
  CaveatDeniedError,
  ChainTooLongError,
  CidMismatchError,
  CommandEscalationError,
  RootRejectedError,
  ContainerTooLargeError,
  DuplicateProofError,
  ExpiredError,
  InvalidOptionsError,
  IssuerResolutionError,
  MissingProofError,
  NotYetValidError,
  PolicyBudgetExceededError,
  PolicyUnparsableError,
  PolicyViolationError,
  PowerlineAtRootError,
  PrincipalMisalignedError,
  RevocationCheckFailedError,
  RevokedError,
  RootNotSubjectError,
  SignatureMismatchError,
  SubjectMismatchError,
  TokenTooLargeError,
  TooManyProofsError,
  UnavailableProofError,
  UndecodableContainerError,
  UndecodableTokenError,
  UnenforcedCaveatError,
  UnsupportedIssuerError,
  VerificationError,
  WrongTokenKindError,
} from './errors.js'
export type { VerifierErrorCode } from './errors.js'
export {
  DEFAULT_CLOCK_SKEW,
  DEFAULT_LIMITS,
  DID_CACHE_SIZE,
  DID_CACHE_TTL,
  MAX_CHAIN_LENGTH,
  MAX_CONTAINER_BYTES,
  MAX_DID_DOCUMENT_KEYS,
  MAX_POLICY_STEPS,
  MAX_PROOFS,
  MAX_TOKEN_BYTES,
  SIGNATURE_CACHE_BYTES,
  SIGNATURE_CACHE_SIZE,
} from './limits.js'
export type { VerifierLimits } from './limits.js'
export type {
  AuthorizedInvocation,
  CaveatCheck,
  CaveatContext,
  ChainLink,
  ChainVerifier,
  DelegationVerification,
  EnforcedCaveat,
  IdentifiedCaveat,
  InvocationVerification,
  PolicyFailure,
  ProofOrder,
  ProofSource,
  ResolveProof,
  RevocationCheck,
  RevocationContext,
  RootVerifier,
  ForeignRoot,
  RootDenialReason,
  RootFormat,
  RootVerification,
  ServiceCaveats,
  SignatureCheck,
  VerificationResult,
  VerifiedDelegationChain,
  VerifierConfig,
  VerifyDelegationOptions,
  VerifyInvocationOptions,
  VerifyOptions,
} from './interface.js'
