import { assertCommand, commandCovers } from '@capchain/core/token'
import { RootCommandNotGrantedError } from '../errors.js'
import type { RootCapability, SiweRootLink } from './interface.js'

/**
 * The root capability that covers `command` (by whole segments: `/storage`
 * covers `/storage/write`, never `/storagex`): the `cmd` and `pol` the root
 * link stands for in the chain. Pass the `cmd` of the link after the root
 * (the invocation's when the root is its only proof). At most one capability
 * can match: a verified root's commands never cover one another.
 * @throws {InvalidCommandError} if `command` is not a UCAN command.
 * @throws {RootCommandNotGrantedError} if no capability covers it.
 */
export function rootForCommand(link: Pick<SiweRootLink, 'cid' | 'capabilities'>, command: string): RootCapability {
  const context = { cid: link.cid.toString(), at: 'cmd' }
  assertCommand(command, context)
  const match = link.capabilities.find((capability) => commandCovers(capability.command, command))
  if (match === undefined) {
    throw new RootCommandNotGrantedError(
      command,
      link.capabilities.map((capability) => capability.command),
      context,
    )
  }
  return match
}
