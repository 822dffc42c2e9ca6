import { InvalidCommandError } from '../errors.js'
import type { CapchainErrorOptions } from '../errors.js'

/** Longest command accepted. */
export const MAX_COMMAND_LENGTH = 1024

/**
 * Check the UCAN command syntax: a leading `/`, lowercase, segments separated
 * by single slashes, no trailing slash (except the top command `/` itself).
 *
 * @throws {InvalidCommandError} naming the rule broken
 */
export function assertCommand(cmd: unknown, context: CapchainErrorOptions = {}): asserts cmd is string {
  const reason = commandSyntaxError(cmd)
  if (reason !== undefined) throw new InvalidCommandError(reason, context)
}

/** The reason `cmd` is not a valid command, or `undefined` when it is. */
export function commandSyntaxError(cmd: unknown): string | undefined {
  if (typeof cmd !== 'string') return 'a command must be a string'
  if (cmd.length > MAX_COMMAND_LENGTH) return `command is longer than ${MAX_COMMAND_LENGTH} characters`
  if (!cmd.startsWith('/')) return `command ${JSON.stringify(cmd)} must start with "/"`
  if (cmd === '/') return undefined
  if (cmd.endsWith('/')) return `command ${JSON.stringify(cmd)} must not end with "/"`
  if (cmd.includes('//')) return `command ${JSON.stringify(cmd)} has an empty segment`
  if (cmd.toLowerCase() !== cmd) return `command ${JSON.stringify(cmd)} must be lowercase`
  return undefined
}

/**
 * Whether a delegated command `parent` covers an invoked or re-delegated
 * command `child`, by whole segments: `/storage` covers `/storage/write`
 * but never `/storagex`; `/` covers everything.
 */
export function commandCovers(parent: string, child: string): boolean {
  if (parent === '/' || parent === child) return true
  return child.startsWith(parent) && child.charCodeAt(parent.length) === 0x2f
}
