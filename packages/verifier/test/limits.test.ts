import { describe, expect, it } from 'vitest'
import { InvalidOptionsError } from '../src/errors.js'
import { DEFAULT_LIMITS, MAX_POLICY_STEPS, resolveLimits } from '../src/limits.js'

describe('resolveLimits', () => {
  it('fills in the defaults, checks every override and freezes what it returns', () => {
    const resolved = resolveLimits({ maxChainLength: 3 })
    expect(resolved).toEqual({ ...DEFAULT_LIMITS, maxChainLength: 3 })
    expect(resolved.maxPolicySteps).toBe(MAX_POLICY_STEPS)
    expect(Object.isFrozen(resolved)).toBe(true)
    expect(() => resolveLimits({ maxProofs: 0 })).toThrow(InvalidOptionsError)
    expect(() => resolveLimits({ maxTokenBytes: 1.5 })).toThrow(InvalidOptionsError)
  })

  it('takes back limits it resolved as they are, and checks an equal object that it did not make', () => {
    const resolved = resolveLimits({ maxChainLength: 3 })
    expect(resolveLimits(resolved)).toBe(resolved)
    const lookalike = { ...resolved }
    expect(resolveLimits(lookalike)).not.toBe(lookalike)
    expect(resolveLimits(lookalike)).toEqual(resolved)
    expect(() => resolveLimits({ ...resolved, maxPolicySteps: -1 })).toThrow(InvalidOptionsError)
  })
})
