import type { Invocation } from '@capchain/core/token'
import { CommandMismatchError } from '../errors.js'
import type { InvocationRequirement, RouteRequirement } from '../interface.js'
import { checkArgs } from './args-match.js'
import { checkExpiry } from './expiry.js'

/**
 * The requirement of a route for one request: the invocation executes
 * exactly the route's command with exactly the request's args (a policy
 * only ever sees the invocation's args, so the service must execute those
 * and no others), expires within `maxLifetime`, and reserves `route.bytes`.
 *
 * @throws {Error} what `route.args` throws (the request is then not one the route can execute)
 */
export async function routeRequirement<Req>(route: RouteRequirement<Req>, request: Req): Promise<InvocationRequirement> {
  const args = await route.args(request)
  const bytes = route.bytes?.(request, args) ?? 0
  return {
    /**
     * @throws {CommandMismatchError} another command (at `payload.cmd`)
     * @throws {ArgsMismatchError} args that are not the request's (at `args.<key>`)
     * @throws {InvocationExpiryError} no `exp`, or one too far away
     */
    check(invocation: Invocation, now: number) {
      const cid = invocation.cid.toString()
      const { cmd } = invocation.payload
      if (cmd !== route.command) throw new CommandMismatchError(cmd, route.command, { cid, at: 'payload.cmd' })
      checkArgs(invocation.payload.args, args, route.extraArgs ?? 'refuse', cid)
      return { bytes, expiration: checkExpiry(invocation, now, route.maxLifetime) }
    },
  }
}
