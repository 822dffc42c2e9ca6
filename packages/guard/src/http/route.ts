/**
 * What a guarded route requires of an invocation: its command and args
 * (`routeRequirement`), or a requirement of its own made for each request
 * (a profile's, e.g. the storage profile's `storageRequirement`). Either way
 * the one pipeline, `authorizeInvocation`, checks it.
 */
import { routeRequirement } from '../authorize/route.js'
import type { InvocationRequirement, RouteRequirement } from '../interface.js'

/** A route whose requirement is made from the request itself. */
export interface RequirementRoute<Req> {
  /**
   * The requirement of this request, made after its credentials are read
   * and before anything of its chain is checked.
   * @throws {CapchainError} a request the route cannot execute (a malformed path…), refused before the chain is read
   */
  readonly requirement: (request: Req) => InvocationRequirement | Promise<InvocationRequirement>
}

/** A route as `Guard.check` takes it. */
export type CheckedRoute<Req> = RouteRequirement<Req> | RequirementRoute<Req>

/**
 * The requirement `route` has for `request`.
 * @throws {Error} what the route's `requirement` or `args` throws
 */
export async function requirementOf<Req>(route: CheckedRoute<Req>, request: Req): Promise<InvocationRequirement> {
  return 'requirement' in route ? await route.requirement(request) : await routeRequirement(route, request)
}
