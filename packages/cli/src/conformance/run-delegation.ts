import { decodeDelegation, importSigner, verifyTokenSignature } from '@capchain/core'
import { fromString } from 'uint8arrays/from-string'
import type { CaseResult } from './interface.js'
import { fixtureBytes } from './dag-json-bytes.js'

interface DelegationCase {
  name: string
  token: string
  cid?: string
  error?: { name?: string }
}

interface DelegationFixture {
  principals: Record<string, string>
  valid?: DelegationCase[]
  invalid?: DelegationCase[]
}

/**
 * Delegation fixtures: a valid case must decode, hash to its listed CID and
 * verify from one of the listed principals; an invalid case must fail one of those.
 */
export async function runDelegationFixture(file: string, fixture: DelegationFixture): Promise<CaseResult[]> {
  const principals = Object.values(fixture.principals).map((secret) => importSigner(fromString(secret, 'base64pad')).did())
  const results: CaseResult[] = []
  for (const [expectValid, cases] of [
    [true, fixture.valid ?? []],
    [false, fixture.invalid ?? []],
  ] as const) {
    for (const testCase of cases) {
      const name = `${file}: ${testCase.name}`
      const problem = await checkDelegation(testCase, principals)
      if (expectValid) results.push({ name, ok: problem === undefined, detail: problem ?? 'decodes, CID matches, signature verifies' })
      else results.push({ name, ok: problem !== undefined, detail: problem ?? 'accepted, but the fixture says it is invalid' })
    }
  }
  return results
}

async function checkDelegation(testCase: DelegationCase, principals: string[]): Promise<string | undefined> {
  try {
    const delegation = decodeDelegation(fixtureBytes(testCase.token))
    if (testCase.cid !== undefined && delegation.cid.toString() !== testCase.cid) {
      return `CID ${delegation.cid} differs from the listed ${testCase.cid}`
    }
    if (!principals.includes(delegation.payload.iss)) return `issuer ${delegation.payload.iss} is not a listed principal`
    await verifyTokenSignature(delegation)
    return undefined
  } catch (error) {
    return error instanceof Error ? `${(error as { code?: string }).code ?? error.name}: ${error.message}` : String(error)
  }
}
