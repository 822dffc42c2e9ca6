import type { DID } from '@capchain/core'
import { createVerifier } from '@capchain/verifier'
import type { ChainVerifier } from '@capchain/verifier'
import type { CaseResult } from '../interface.js'
import { fixtureBytes } from '../dag-json-bytes.js'
import { denialMismatch, describeDenial } from './denial.js'
import type { CapchainInvocationCase, CapchainInvocationFile } from './format.js'
import { siweMismatch } from './siwe-check.js'
import { verifierSetup } from './setup.js'
import type { VerifierSetup } from './setup.js'

/**
 * capchain invocation files: the ucan-wg/spec invocation cases, verified at
 * `time` with the file's verifier setup (clock skew 0, SIWE roots from its
 * trusted domains), and, where a case says so, addressed to `audience`. A
 * valid case must be authorized (in `proofOrder`, when given); an invalid one
 * denied with exactly its spec name, code and cause. `siwe` is checked either way.
 *
 * @throws {UsageError} the file has no usable `verifier` section
 */
export async function runCapchainInvocations(file: string, fixture: CapchainInvocationFile): Promise<CaseResult[]> {
  const setup = verifierSetup(fixture.verifier)
  const verifier = createVerifier({ rootFormats: setup.rootFormats })
  const results: CaseResult[] = []
  for (const [expectValid, cases] of [
    [true, fixture.valid ?? []],
    [false, fixture.invalid ?? []],
  ] as const) {
    for (const testCase of cases) {
      results.push({ name: `${file}: ${testCase.name}`, ...(await checkCase(verifier, setup, testCase, expectValid)) })
    }
  }
  return results
}

/** One case: its verdict against the expectation, then what it says of its SIWE root. */
async function checkCase(
  verifier: ChainVerifier,
  setup: VerifierSetup,
  testCase: CapchainInvocationCase,
  expectValid: boolean,
): Promise<{ ok: boolean; detail: string }> {
  const expected = testCase.error
  if (expectValid === (expected !== undefined)) {
    return { ok: false, detail: expectValid ? 'a valid case must not expect an error' : 'an invalid case must expect an error' }
  }
  const proofs = testCase.proofs.map(fixtureBytes)
  const result = await verifier.verifyInvocation(fixtureBytes(testCase.invocation), {
    proofs,
    now: testCase.time,
    clockSkew: setup.clockSkew,
    ...(testCase.audience === undefined ? {} : { audience: testCase.audience as DID }),
  })
  let detail: string
  if (expected === undefined) {
    if (!result.ok) return { ok: false, detail: `denied with ${result.error.code}: ${result.error.message}` }
    if (testCase.proofOrder !== undefined && result.value.proofOrder !== testCase.proofOrder) {
      return { ok: false, detail: `authorized, but read ${result.value.proofOrder}, not ${testCase.proofOrder}` }
    }
    detail = `authorized (${result.value.proofOrder})`
  } else {
    if (result.ok) return { ok: false, detail: `authorized, but the case expects ${describeDenial(expected.name, expected.code, expected.cause)}` }
    const mismatch = denialMismatch(result.error, expected)
    if (mismatch !== undefined) return { ok: false, detail: mismatch }
    detail = `denied: ${describeDenial(expected.name, expected.code, expected.cause)}`
  }
  if (testCase.siwe !== undefined) {
    const mismatch = await siweMismatch(testCase.siwe, proofs, testCase.time, setup)
    if (mismatch !== undefined) return { ok: false, detail: mismatch }
  }
  return { ok: true, detail }
}
