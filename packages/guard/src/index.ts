/**
 * `@capchain/guard`: the request guard any HTTP service mounts. One
 * authorization pipeline for UCAN invocations (subject admission, the
 * route's command and args, chain verification with caps, replay by
 * identity, revocation, one atomic cap reservation), revocation
 * acceptance, and framework adapters as subpath exports
 * (`./hono`, `./express`, `./fastify`, `./fetch`).
 */
export { authorizeInvocation } from './authorize/authorize.js'
export { checkExpiry } from './authorize/expiry.js'
export { MAX_INVOCATION_LIFETIME } from './authorize/lifetime.js'
export { recheckRevocation } from './authorize/recheck-revocation.js'
export { routeRequirement } from './authorize/route.js'
export type {
  Authorization,
  AuthorizeRequest,
  CheckOptions,
  GuardResult,
  InvocationRequirement,
  RequiredInvocation,
  Reservation,
  RouteRequirement,
  ServiceVerifier,
} from './interface.js'
export { revokeDelegation } from './revoke/revoke.js'
export type { AcceptedRevocation, RevocationRequest } from './revoke/revoke.js'
export { createRevocation } from './revoke/create.js'
export type { RevocationInput } from './revoke/create.js'
export { REVOKE_COMMAND } from './revoke/command.js'
export { checkCapGrant } from './cap/grant-check.js'
export type { CapGrantCheck } from './cap/grant-check.js'
export { CAP_MARKER, capStatement, splitCap } from './cap/statement.js'
export type { SplitPolicy } from './cap/statement.js'
export { revocationCheck } from './verify/revocation-check.js'
export { createServiceVerifier } from './verify/service-verifier.js'
export type { ServiceVerifierConfig } from './verify/service-verifier.js'
export {
  ArgsMismatchError,
  CapExceededError,
  CapGrantExceededError,
  CommandMismatchError,
  GuardError,
  InvalidCapError,
  InvalidRevocationError,
  InvocationExpiryError,
  ReplayError,
  ReservationAmountError,
  ReservationSettledError,
  RevokerNotUpstreamError,
} from './errors.js'
export type { GuardErrorCode } from './errors.js'
export { createGuard } from './http/guard.js'
export type { Guard, GuardCheck } from './http/guard.js'
export type { GuardConfig, GuardEvent } from './http/config.js'
export { SILENT_LOGGER } from './http/observe/logger.js'
export type { GuardLogger } from './http/observe/logger.js'
export type { GuardSpan, GuardTracer, SpanAttributes } from './http/observe/tracer.js'
export { ACCESS_MESSAGE, REQUEST_SPANS } from './http/observe/request.js'
export type { AccessLine, ObservedRequest } from './http/observe/request.js'
export { STORE_SPANS } from './http/observe/traced-store.js'
export type { GuardedAuthorization } from './http/guarded.js'
export type { CheckedRoute, RequirementRoute } from './http/route.js'
export { MAX_INFLATED_CREDENTIALS_BYTES, readCredentials } from './http/credentials.js'
export type { Credentials } from './http/credentials.js'
export { GuardHttpError, MalformedCredentialsError, MissingCredentialsError } from './http/errors.js'
export type { GuardHttpErrorCode } from './http/errors.js'
export { explainDenial } from './http/explain.js'
export type { Explainer } from './http/explain.js'
export { statusOf, statusWith } from './http/status.js'
export { PROBLEM_CONTENT_TYPE, PROBLEM_TYPE_BASE, problemBody, problemResponse } from './http/problem.js'
export type { ProblemBody } from './http/problem.js'
export { outcomeOfStatus, settleOutcome } from './http/settlement.js'
export type { Charge, GuardedRoute, Outcome } from './http/settlement.js'
export { meteredResponse } from './http/metered-body.js'
export { revokeHandler } from './http/revoke-handler.js'
export { DISCOVERY_PATH, discoveryHandler, infoHandler, serviceInfo } from './http/info.js'
export type { DiscoveredRoute, DiscoveryDocument, ServiceInfo } from './http/info.js'
