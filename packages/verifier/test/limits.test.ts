import { describe, expect, it } from 'vitest'
import { InvalidOptionsError } from '../src/errors.js'
import { DEFAULT_LIMITS, MAX_POLICY_STEPS, resolveLimits } from '../src/limits.js'

describe('resolveLimits', () => {
  it('fills in the defaults and checks every override', () => {
    const resolved = resolveLimits({ maxChainLength: 3 })
    expect(resolved).toEqual({ ...DEFAULT_LIMITS, maxChainLength: 3 })
    expect(resolved.maxPolicySteps).toBe(MAX_POLICY_STEPS)
    expect(() => resolveLimits({ maxProofs: 0 })).toThrow(InvalidOptionsError)
    expect(() => resolveLimits({ maxTokenBytes: 1.5 })).toThrow(InvalidOptionsError)
  })
})
