import type { DID } from '@capchain/core'
import type { CapchainError } from '@capchain/core/errors'
import { authorizeStorageRequest, createStorageVerifier, revokeDelegation, STORAGE_OPS } from '@capchain/storage'
import type { StorageCheckOptions, StorageOp } from '@capchain/storage'
import { createMemoryStore } from '@capchain/store'
import type { CaseResult } from '../interface.js'
import { fixtureBytes } from '../dag-json-bytes.js'
import { denialMismatch, describeDenial } from './denial.js'
import type { CapchainSequenceFile, SequenceStep } from './format.js'
import { verifierSetup } from './setup.js'

/**
 * capchain sequence files: each sequence runs its steps in order against a
 * fresh in-memory store, as the storage service would, each step at its own
 * `time`: `authorizeStorageRequest`, committing what it reserved when
 * authorized, or `revokeDelegation`. One result per step.
 *
 * @throws {UsageError} the file has no usable `verifier` section
 */
export async function runCapchainSequences(file: string, fixture: CapchainSequenceFile): Promise<CaseResult[]> {
  const setup = verifierSetup(fixture.verifier)
  const results: CaseResult[] = []
  for (const sequence of fixture.sequences) {
    const store = createMemoryStore()
    const verifier = createStorageVerifier({ rootFormats: setup.rootFormats })
    for (const [index, step] of sequence.steps.entries()) {
      const options: StorageCheckOptions = {
        invocation: fixtureBytes(step.invocation),
        proofs: step.proofs.map(fixtureBytes),
        service: fixture.service as DID,
        store,
        now: step.time,
        clockSkew: setup.clockSkew,
        verifier,
      }
      const outcome = await runStep(step, options)
      results.push({ name: `${file}: ${sequence.name} #${index + 1} ${step.name}`, ...verdict(step, outcome) })
    }
    await store.close()
  }
  return results
}

/** What a step did: accepted (with a note), denied, or could not be run as written. */
type StepOutcome = { readonly accepted: string } | { readonly denied: CapchainError } | { readonly unusable: string }

async function runStep(step: SequenceStep, options: StorageCheckOptions): Promise<StepOutcome> {
  if (step.action === 'authorize') {
    const request = step.request
    if (request === undefined || !STORAGE_OPS.includes(request.op as StorageOp)) {
      return { unusable: 'an authorize step needs request {op, path, size?}' }
    }
    const result = await authorizeStorageRequest({
      ...options,
      op: request.op as StorageOp,
      path: request.path,
      ...(request.size === undefined ? {} : { size: request.size }),
    })
    if (!result.ok) return { denied: result.error }
    // The operation "succeeds": what was reserved is spent, as a service commits after serving.
    await result.value.reservation.commit()
    return { accepted: `authorized, ${result.value.size} bytes committed` }
  }
  if (step.action === 'revoke') {
    const result = await revokeDelegation(options)
    if (!result.ok) return { denied: result.error }
    if (step.recorded !== undefined && result.value.recorded !== step.recorded) {
      return { unusable: `revocation accepted with recorded: ${result.value.recorded}, expected ${step.recorded}` }
    }
    return { accepted: result.value.recorded ? 'revocation recorded' : 'revocation accepted (already recorded)' }
  }
  return { unusable: `unknown action ${JSON.stringify(step.action)}` }
}

function verdict(step: SequenceStep, outcome: StepOutcome): { ok: boolean; detail: string } {
  if ('unusable' in outcome) return { ok: false, detail: outcome.unusable }
  const expected = step.error
  if (expected === undefined) {
    return 'accepted' in outcome
      ? { ok: true, detail: outcome.accepted }
      : { ok: false, detail: `denied with ${outcome.denied.code}: ${outcome.denied.message}` }
  }
  const wanted = describeDenial(expected.name, expected.code, expected.cause)
  if ('accepted' in outcome) return { ok: false, detail: `${outcome.accepted}, but the step expects ${wanted}` }
  const mismatch = denialMismatch(outcome.denied, expected)
  return mismatch === undefined ? { ok: true, detail: `denied: ${wanted}` } : { ok: false, detail: mismatch }
}
