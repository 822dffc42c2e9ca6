/**
 * Command attenuation (spec "Command", "Attenuation"): each link may only
 * restate or narrow the command it was given, by whole path segments:
 * `/storage` covers `/storage` and `/storage/write`, never `/storagex`; `/`
 * covers everything. The invocation's command must be covered too.
 *
 * A powerline (`sub: null`) is the one exception, following the spec's own
 * example (delegation spec, "Powerline": a device holding `{sub: null, cmd:
 * "/"}` from its user invokes `/msg/send` through the user's `/msg/send`
 * delegation). A powerline is issued ahead of the delegations it will pass
 * on, so it cannot restate them: it passes on the narrower of its own
 * command and the one it follows, and is denied only when the two are
 * disjoint. Either way the authority carried down never grows.
 */
import { commandCovers } from '@capchain/core/token'
import { CommandEscalationError } from '../errors.js'
import type { VerificationError } from '../errors.js'
import type { ChainLink } from '../interface.js'
import { where } from './link.js'

/**
 * The command `link` passes on, given the command `delegated` to it, or why
 * it asks for more than it was given.
 */
export function attenuate(delegated: string, link: ChainLink): string | VerificationError {
  const requested = link.token.payload.cmd
  if (commandCovers(delegated, requested)) return requested
  const powerline = link.token.kind === 'dlg' && link.token.payload.sub === null
  if (powerline && commandCovers(requested, delegated)) return delegated
  return new CommandEscalationError(delegated, requested, where(link))
}
