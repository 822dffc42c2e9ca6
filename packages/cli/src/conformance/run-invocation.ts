import { createVerifier, specErrorName } from '@capchain/verifier'
import type { CaseResult } from './interface.js'
import { fixtureBytes } from './dag-json-bytes.js'

interface InvocationCase {
  name: string
  description?: string
  time: number
  invocation: unknown
  proofs: unknown[]
  error?: { name: string }
}

interface InvocationFixture {
  valid?: InvocationCase[]
  invalid?: InvocationCase[]
}

/**
 * Invocation fixtures: verify each at its `time` with no clock skew (the
 * fixture's time is exact). A valid case must be authorized; an invalid one
 * denied with an error whose spec name (`specErrorName`) is the expected one.
 */
export async function runInvocationFixture(file: string, fixture: InvocationFixture): Promise<CaseResult[]> {
  const verifier = createVerifier()
  const results: CaseResult[] = []
  for (const testCase of [...(fixture.valid ?? []), ...(fixture.invalid ?? [])]) {
    const name = `${file}: ${testCase.name}`
    const result = await verifier.verifyInvocation(fixtureBytes(testCase.invocation), {
      proofs: testCase.proofs.map(fixtureBytes),
      now: testCase.time,
      clockSkew: 0,
    })
    const expected = testCase.error?.name
    if (expected === undefined) {
      results.push(
        result.ok
          ? { name, ok: true, detail: 'authorized' }
          : { name, ok: false, detail: `denied with ${result.error.code}: ${result.error.message}` },
      )
    } else if (result.ok) {
      results.push({ name, ok: false, detail: `authorized, but the fixture expects ${expected}` })
    } else {
      const actual = specErrorName(result.error)
      results.push({
        name,
        ok: actual === expected,
        detail:
          actual === expected
            ? `denied: ${result.error.code} (${expected})`
            : `expected ${expected}, got ${result.error.code} (${actual ?? 'no spec name'}): ${result.error.message}`,
      })
    }
  }
  return results
}
