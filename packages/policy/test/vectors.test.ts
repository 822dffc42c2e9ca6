import { describe, expect, it } from 'vitest'
import { evaluatePolicy, parsePolicy } from '../src/index.js'
import type { IPLDValue } from '../src/index.js'
import { readVectorJson } from '@capchain/test-support'

interface Group {
  args: IPLDValue
  policies: IPLDValue[][]
}

function groups(file: unknown, key: 'valid' | 'invalid'): Group[] {
  const list = (file as Record<string, unknown>)[key]
  if (!Array.isArray(list)) throw new Error(`policy.json has no "${key}" list`)
  for (const group of list as Group[]) {
    if (!Array.isArray(group.policies)) throw new Error(`policy.json: a "${key}" group has no policies`)
  }
  return list as Group[]
}

// Read at collection time: a missing vector file fails this suite, it never skips it.
const file = readVectorJson('ucan-1.0.0/policy.json')
const valid = groups(file, 'valid')
const invalid = groups(file, 'invalid')

describe('ucan-1.0.0/policy.json', () => {
  it('has the groups the README lists (6 valid, 4 invalid)', () => {
    expect(valid).toHaveLength(6)
    expect(invalid).toHaveLength(4)
  })

  describe('valid: every policy holds', () => {
    valid.forEach((group, g) => {
      group.policies.forEach((policy, p) => {
        it(`valid[${g}].policies[${p}] ${JSON.stringify(policy)}`, () => {
          const result = evaluatePolicy(parsePolicy(policy), group.args)
          expect(result).toEqual({ ok: true })
        })
      })
    })
  })

  describe('invalid: every policy fails', () => {
    invalid.forEach((group, g) => {
      group.policies.forEach((policy, p) => {
        it(`invalid[${g}].policies[${p}] ${JSON.stringify(policy)}`, () => {
          const result = evaluatePolicy(parsePolicy(policy), group.args)
          expect(result.ok).toBe(false)
        })
      })
    })
  })
})
