/**
 * `@capchain/guard`: the request guard any HTTP service mounts. One
 * authorization pipeline for UCAN invocations (chain verification with
 * caps, the route's command and args, subject admission, replay by
 * identity, revocation, one atomic cap reservation), revocation
 * acceptance, and framework adapters as subpath exports
 * (`./hono`, `./express`, `./fastify`, `./fetch`).
 */
export type {
  Authorization,
  AuthorizeRequest,
  GuardResult,
  InvocationRequirement,
  RequiredInvocation,
  Reservation,
  RouteRequirement,
  ServiceVerifier,
} from './interface.js'
