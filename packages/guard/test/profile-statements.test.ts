/**
 * A profile's own capchain statements (`capchain/evm@1`…): taken out of the
 * policy the verifier evaluates and handed to the requirement's `enforce`,
 * root first; denied when the requirement has no `enforce`.
 */
import { CapchainError } from '@capchain/core/errors'
import type { IPLDValue } from '@capchain/core/token'
import type { IdentifiedCaveat } from '@capchain/verifier'
import { PolicyViolationError, UnenforcedCaveatError } from '@capchain/verifier'
import { beforeAll, describe, expect, it } from 'vitest'
import { authorizeInvocation, capStatement, checkExpiry } from '../src/index.js'
import type { InvocationRequirement } from '../src/index.js'
import { accepted, delegate, denied, invoke, makeWorld, memoryStore, NOW } from './fixtures.js'
import type { World } from './fixtures.js'

const PROFILE: IPLDValue = ['==', '.', ['capchain/example@1', { most: 3 }]]

class TooMuchError extends CapchainError {
  constructor() {
    super('ERR_TOO_MUCH', 'n is over the profile statement')
  }
}

/** A requirement enforcing `capchain/example@1` statements: `args.n` at most `most`. */
function exampleRequirement(seen: IdentifiedCaveat[][] = []): InvocationRequirement {
  return {
    check: (invocation, now) => ({ bytes: 0, expiration: checkExpiry(invocation, now) }),
    enforce(statements, authorization) {
      seen.push([...statements])
      for (const { statements: list } of statements) {
        for (const statement of list) {
          const most = ((statement as [string, string, [string, { most: number }]])[2][1]).most
          if ((authorization.args.n as number) > most) throw new TooMuchError()
        }
      }
    },
  }
}

describe('profile statements', () => {
  let world: World
  beforeAll(async () => {
    world = await makeWorld()
  })

  const authorize = async (policy: IPLDValue[], n: number, requirement: InvocationRequirement) => {
    const grant = await delegate(world, policy)
    const invocation = await invoke(world, [grant], { command: '/notes/read', args: { n } })
    return authorizeInvocation({ invocation: invocation.bytes, proofs: [grant.bytes], service: world.service.did(), store: memoryStore(), now: NOW }, requirement)
  }

  it('hands them to enforce, without the cap, and allows what it allows', async () => {
    const seen: IdentifiedCaveat[][] = []
    accepted(await authorize([capStatement({ uses: 5 }), PROFILE, ['==', '.n', 3]], 3, exampleRequirement(seen)))
    expect(seen).toHaveLength(1)
    expect(seen[0]!.map((link) => link.statements)).toEqual([[PROFILE]])
  })

  it("denies with enforce's error (one over the bound), and still evaluates the rest of the policy", async () => {
    denied(await authorize([PROFILE], 4, exampleRequirement()), TooMuchError)
    denied(await authorize([PROFILE, ['==', '.n', 2]], 3, exampleRequirement()), PolicyViolationError)
  })

  it('denies a chain holding them when the requirement has no enforce', async () => {
    const plain: InvocationRequirement = { check: (invocation, now) => ({ bytes: 0, expiration: checkExpiry(invocation, now) }) }
    denied(await authorize([PROFILE], 1, plain), UnenforcedCaveatError)
  })

  it('calls enforce with nothing for a chain without them', async () => {
    const seen: IdentifiedCaveat[][] = []
    accepted(await authorize([], 9, exampleRequirement(seen)))
    expect(seen).toEqual([[]])
  })
})
