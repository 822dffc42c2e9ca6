import { basename } from 'node:path'
import { readInput } from '../io/read-input.js'
import { UsageError } from '../io/usage-error.js'
import { runCapchainEvm } from './capchain/run-evm.js'
import { runCapchainInvocations } from './capchain/run-invocations.js'
import { runCapchainSequences } from './capchain/run-sequences.js'
import { detectFixtureKind } from './detect.js'
import type { CaseResult } from './interface.js'
import { runDelegationFixture } from './run-delegation.js'
import { runInvocationFixture } from './run-invocation.js'
import { runPolicyFixture } from './run-policy.js'

/**
 * Run every case of one fixture file, recognised by its shape: a ucan-wg/spec
 * 1.0.0 file, or one of capchain's vector files (docs/conformance.md).
 *
 * @throws {FileError} the file cannot be read
 * @throws {UsageError} the file is not JSON, or is not a fixture format we know
 */
export async function runFixtureFile(path: string): Promise<CaseResult[]> {
  const text = new TextDecoder().decode(await readInput(path))
  let fixture: unknown
  try {
    fixture = JSON.parse(text)
  } catch (cause) {
    throw new UsageError(`fixture ${path} is not JSON: ${(cause as Error).message}`)
  }
  const file = basename(path)
  switch (detectFixtureKind(fixture)) {
    case 'delegation':
      return runDelegationFixture(file, fixture as never)
    case 'invocation':
      return runInvocationFixture(file, fixture as never)
    case 'policy':
      return runPolicyFixture(file, fixture as never)
    case 'capchain-invocation':
      return runCapchainInvocations(file, fixture as never)
    case 'capchain-sequence':
      return runCapchainSequences(file, fixture as never)
    case 'capchain-evm':
      return runCapchainEvm(file, fixture as never)
    default:
      throw new UsageError(
        `${path} is not a fixture format capchain knows (ucan-wg/spec 1.0.0 delegation, invocation or policy; capchain-vectors/1 invocation, sequence or evm)`,
      )
  }
}
