/**
 * ReCap abilities ↔ UCAN commands (docs/siwe-root.md, "Abilities"):
 * `ns/name` ↔ `/ns/name` and `ns/*` ↔ `/ns`. Nothing else maps: a namespace
 * wildcard (`*` / `/`), `*` inside a name, uppercase (commands are lowercase,
 * and lowering would change what the wallet showed), or a command of more
 * than two segments (an ability has exactly two parts).
 */
import { commandSyntaxError } from '@capchain/core/token'
import { InvalidRootCapabilityError } from '../errors.js'
import { quote } from '../message/fields.js'

// A ReCap ability part, lowercase, without `*`: also a valid command segment.
const SEGMENT = /^[a-z0-9._+-]+$/

function fail(message: string, at: string): never {
  throw new InvalidRootCapabilityError(message, { at })
}

/**
 * The command a ReCap ability grants.
 * @throws {InvalidRootCapabilityError} if the ability has no command under the mapping; `at` as given.
 */
export function commandFromAbility(ability: string, at: string): string {
  const slash = ability.indexOf('/')
  const namespace = ability.slice(0, slash)
  const name = ability.slice(slash + 1)
  if (!SEGMENT.test(namespace)) {
    fail(`ability namespace ${quote(namespace)} is not lowercase [a-z0-9._+-] (no wildcard namespace: "/" is not grantable by ReCap)`, at)
  }
  if (name === '*') return `/${namespace}`
  if (!SEGMENT.test(name)) fail(`ability name ${quote(name)} is not "*" or lowercase [a-z0-9._+-]`, at)
  return `/${namespace}/${name}`
}

/**
 * The ReCap ability that grants a command.
 * @throws {InvalidRootCapabilityError} if `command` is not a command of one or two segments of ReCap ability characters.
 */
export function abilityFromCommand(command: unknown, at: string): string {
  const syntax = commandSyntaxError(command)
  if (syntax !== undefined) fail(syntax, at)
  const segments = (command as string).slice(1).split('/')
  if (command === '/' || segments.length > 2) {
    fail(`command ${quote(command)} has no ReCap ability: a root grants "/<namespace>" or "/<namespace>/<name>"`, at)
  }
  const bad = segments.find((segment) => !SEGMENT.test(segment))
  if (bad !== undefined) fail(`command segment ${quote(bad)} is not [a-z0-9._+-], the characters a ReCap ability may hold`, at)
  return segments.length === 1 ? `${segments[0]}/*` : segments.join('/')
}
