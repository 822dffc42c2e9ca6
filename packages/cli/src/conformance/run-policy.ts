import { evaluatePolicy } from '@capchain/policy'
import type { CaseResult } from './interface.js'

interface PolicyGroup {
  args: Record<string, unknown>
  policies: unknown[][]
}

interface PolicyFixture {
  valid?: PolicyGroup[]
  invalid?: PolicyGroup[]
}

/** Policy fixtures: every policy in a valid group holds on its args; every one in an invalid group fails. */
export function runPolicyFixture(file: string, fixture: PolicyFixture): CaseResult[] {
  const results: CaseResult[] = []
  for (const [expectHolds, groups] of [
    [true, fixture.valid ?? []],
    [false, fixture.invalid ?? []],
  ] as const) {
    groups.forEach((group, groupIndex) => {
      group.policies.forEach((policy, policyIndex) => {
        const name = `${file}: ${expectHolds ? 'valid' : 'invalid'}[${groupIndex}].policies[${policyIndex}] ${JSON.stringify(policy)}`
        let holds: boolean
        let why: string
        try {
          const result = evaluatePolicy(policy as never, group.args as never)
          holds = result.ok
          why = result.ok ? 'holds' : result.failure.message
        } catch (error) {
          holds = false
          why = `rejected: ${(error as Error).message}`
        }
        results.push({
          name,
          ok: holds === expectHolds,
          detail: holds === expectHolds ? why : expectHolds ? `should hold, but ${why}` : 'holds, but should fail',
        })
      })
    })
  }
  return results
}
