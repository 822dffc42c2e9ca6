import type { StorageOp } from '@capchain/storage'
import { SERVICE } from '../fixed/principals.js'
import { bytesJson } from './dag-json.js'
import type { FileHeader } from './header.js'
import { headerJson } from './header.js'
import type { ExpectedStepError, GeneratedFile, TokenSource } from './interface.js'
import { tokenBytes } from './interface.js'
import type { Json } from './json.js'
import { stableJson } from './json.js'

/** What the service is about to do when it asks for authorization. */
export interface StorageRequestSpec {
  readonly op: StorageOp
  readonly path: string
  readonly size?: number
}

interface StepBase {
  readonly name: string
  /** Unix seconds at which the service handles this step, with no clock skew. */
  readonly time: number
  readonly invocation: TokenSource
  readonly proofs: readonly TokenSource[]
  /** Absent: accepted. */
  readonly error?: ExpectedStepError
}

/** `authorizeStorageRequest`, then, when authorized, commit of everything reserved. */
export interface AuthorizeStep extends StepBase {
  readonly action: 'authorize'
  readonly request: StorageRequestSpec
}

/** `revokeDelegation`: a `/ucan/revoke` invocation recorded by the service. */
export interface RevokeStep extends StepBase {
  readonly action: 'revoke'
  /** For an accepted revocation: whether it was new (`false` when the revoker had already revoked it). */
  readonly recorded?: boolean
}

export type SequenceStep = AuthorizeStep | RevokeStep

export interface Sequence {
  readonly name: string
  readonly description: string
  readonly steps: readonly SequenceStep[]
}

export interface SequenceFile extends Omit<FileHeader, 'kind'> {
  readonly name: string
  readonly sequences: readonly Sequence[]
}

/** A sequence-kind file: each sequence runs in order against one fresh service state. */
export function sequenceFile(file: SequenceFile): GeneratedFile {
  const content: Json = {
    ...headerJson({ ...file, kind: 'sequence' }),
    service: SERVICE,
    sequences: file.sequences.map((sequence) => ({
      name: sequence.name,
      description: sequence.description,
      steps: sequence.steps.map(stepJson),
    })),
  }
  return { name: file.name, text: stableJson(content) }
}

function stepJson(step: SequenceStep): Json {
  return {
    name: step.name,
    action: step.action,
    time: step.time,
    invocation: bytesJson(tokenBytes(step.invocation)),
    proofs: step.proofs.map((proof) => bytesJson(tokenBytes(proof))),
    ...(step.action === 'authorize' ? { request: { ...step.request } } : {}),
    ...(step.action === 'revoke' && step.recorded !== undefined ? { recorded: step.recorded } : {}),
    ...(step.error === undefined ? {} : { error: { ...step.error } }),
  }
}
