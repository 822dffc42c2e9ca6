/**
 * A root's ReCap ↔ its UCAN capabilities (docs/siwe-root.md, "Mapping"):
 * - every ReCap resource must be the subject's did:pkh itself (UCAN 1.0 has
 *   no resources: the subject is what is acted on);
 * - each ability becomes a command (command.ts), its caveats a policy (caveat.ts);
 * - no command may cover another (`storage/*` beside `storage/write`): which
 *   caveats would govern a write is then a guess, and one guess widens, so the root is refused;
 * - ReCap `prf` must be empty: a root is signed by its subject and needs no parent.
 */
import { commandCovers } from '@capchain/core/token'
import type { DID } from '@capchain/core/principal'
import { InvalidRootCapabilityError } from '../errors.js'
import { quote } from '../message/fields.js'
import { decodeRecap } from '../recap/decode.js'
import { encodeRecap } from '../recap/encode.js'
import type { Recap, RecapAbilities } from '../recap/interface.js'
import { caveatFromPolicy, policyFromCaveats } from './caveat.js'
import { abilityFromCommand, commandFromAbility } from './command.js'
import type { RootCapability } from './interface.js'

const key = (name: string): string => `[${JSON.stringify(name)}]`

/**
 * The capabilities a root's ReCap grants its subject, in ReCap order.
 * `at` locates the ReCap (e.g. `p.resources[1]`) for error locations.
 * @throws {InvalidRootCapabilityError} if the ReCap breaks a mapping rule; `at` names the place.
 */
export function capabilitiesFromRecap(recap: Recap, subject: DID, at: string): readonly RootCapability[] {
  if (recap.prf.length > 0) {
    throw new InvalidRootCapabilityError('a root is signed by its subject and takes no ReCap proofs; prf must be empty', { at: `${at}.prf` })
  }
  const capabilities: RootCapability[] = []
  for (const [resource, abilities] of Object.entries(recap.att)) {
    const resourceAt = `${at}.att${key(resource)}`
    if (resource !== subject) {
      throw new InvalidRootCapabilityError(`resource ${quote(resource)} is not the signer ${subject}; a root grants abilities on its subject only`, {
        at: resourceAt,
      })
    }
    for (const [ability, caveats] of Object.entries(abilities as RecapAbilities)) {
      const abilityAt = `${resourceAt}${key(ability)}`
      const command = commandFromAbility(ability, abilityAt)
      const overlapping = capabilities.find((other) => commandCovers(other.command, command) || commandCovers(command, other.command))
      if (overlapping !== undefined) {
        throw new InvalidRootCapabilityError(
          `${command} and ${overlapping.command} overlap; a root grants each command once, so its caveats are unambiguous`,
          { at: abilityAt },
        )
      }
      capabilities.push(Object.freeze({ command, policy: policyFromCaveats(caveats, abilityAt) }))
    }
  }
  return Object.freeze(capabilities)
}

/**
 * The ReCap that grants `capabilities` on `subject`: one caveat per ability
 * (see caveat.ts). Checked by mapping back what a verifier will decode with
 * {@link capabilitiesFromRecap}, so a client never has a wallet sign a root
 * the verifier would refuse. (A policy that passes the ReCap's JSON check
 * maps back to the same IPLD data: JSON numbers are IPLD's, and DAG-CBOR
 * writes -0 as 0 and an unsafe integer as a float either way.)
 * @throws {InvalidRootCapabilityError} if a command has no ability, capabilities overlap or repeat, or a policy is invalid.
 * @throws {InvalidRecapError} if a policy holds a value JSON cannot carry (bytes, a CID, a bigint).
 */
export function recapFromCapabilities(capabilities: readonly RootCapability[], subject: DID): Recap {
  if (!Array.isArray(capabilities) || capabilities.length === 0) {
    throw new InvalidRootCapabilityError('a root grants at least one capability', { at: 'capabilities' })
  }
  const abilities: Record<string, RecapAbilities[string]> = {}
  capabilities.forEach((capability, i) => {
    const ability = abilityFromCommand(capability.command, `capabilities[${i}].command`)
    if (Object.hasOwn(abilities, ability)) {
      throw new InvalidRootCapabilityError(`${capability.command} is listed twice`, { at: `capabilities[${i}].command` })
    }
    if (!Array.isArray(capability.policy)) {
      throw new InvalidRootCapabilityError('policy must be a list of statements', { at: `capabilities[${i}].policy` })
    }
    abilities[ability] = [caveatFromPolicy(capability.policy)]
  })
  const recap: Recap = { att: { [subject]: abilities }, prf: [] }
  // Map back what a verifier will decode from the ReCap URI, not the object in hand: overlaps and bad policies fail here.
  capabilitiesFromRecap(decodeRecap(encodeRecap(recap)), subject, 'recap')
  return recap
}
