import type { DID } from '@capchain/core/principal'
import type { StorageVerifier } from '@capchain/storage'
import type { StateStore } from '@capchain/store'
import type { FileLayout } from './files/layout.js'
import type { SubjectUsage } from './files/usage.js'
import type { Explainer } from '@capchain/guard'
import type { SubjectAdmission } from './subjects/admission.js'
import type { WebAssets } from './web/assets.js'

/** What every route needs. */
export interface ServiceContext {
  /** This service's DID: the `aud` every invocation must name. */
  readonly did: DID
  readonly store: StateStore
  /** A storage verifier that accepts SIWE roots for the trusted domains. */
  readonly verifier: StorageVerifier
  readonly files: FileLayout
  /** Throws for a subject the service does not store files for. */
  readonly admit: SubjectAdmission
  /** The per-subject storage limit. */
  readonly usage: SubjectUsage
  readonly explain: Explainer
  /** The server's header limit: also the longest `Authorization` header read, and what its container may inflate to. */
  readonly maxHeaderBytes: number
  readonly web: WebAssets | undefined
  /**
   * Benchmarks only (`StorageServiceOptions.authorization`): when set, the
   * app serves `GET /files/<path>` of this subject with no check, and no
   * other storage route.
   */
  readonly unauthorizedReadsOf?: DID
  /** Unix seconds. */
  now(): number
}
