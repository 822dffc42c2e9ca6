import type { HttpBindings } from '@hono/node-server'
import type { Context } from 'hono'
import type { DID } from '@capchain/core/principal'
import type { Guard } from '@capchain/guard'
import type { CapchainVariables } from '@capchain/guard/hono'
import type { BlobStore } from './files/blob-store.js'
import type { SubjectUsage } from './files/usage.js'
import type { WebAssets } from './web/assets.js'

/** What every route needs. */
export interface ServiceContext {
  /** Every storage route, `/revoke` and `/info` answer through it: one authorization path, one refusal body. */
  readonly guard: Guard
  /** Where files are kept (a directory every instance shares, by default). */
  readonly blobs: BlobStore
  /** The per-subject storage limit. */
  readonly usage: SubjectUsage
  readonly web: WebAssets | undefined
  /**
   * Benchmarks only (`StorageServiceOptions.authorization`): when set, the
   * app serves `GET /files/<path>` of this subject with no check, and no
   * other storage route.
   */
  readonly unauthorizedReadsOf?: DID
}

/** The service's Hono environment: Node's request, and the guard's authorization once a route's guard allowed it. */
export interface ServiceEnv {
  Bindings: HttpBindings
  Variables: CapchainVariables
}

export type Ctx = Context<ServiceEnv>
