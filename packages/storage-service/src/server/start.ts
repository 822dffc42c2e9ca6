/**
 * `startStorageService`: the HTTP service on Hono and `@hono/node-server`,
 * files under `<dataDir>/files` unless a shared `filesDir` is given, state
 * in `<dataDir>/state.db` (SQLite) unless a store is given, its DID's key
 * in `<dataDir>/service.key` unless a key is given. Several instances of one
 * service share the store, the key and the files directory
 * (docs/service.md, "Several instances").
 */
import { mkdir } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { createAdaptorServer } from '@hono/node-server'
import { createGuard } from '@capchain/guard'
import type { GuardLogger, GuardTracer } from '@capchain/guard'
import type { DID, Signer } from '@capchain/core/principal'
import { siweRootFormat } from '@capchain/siwe'
import type { StateStore } from '@capchain/store'
import type { VerifierLimits } from '@capchain/verifier'
import { openSqliteStore } from '@capchain/store-sqlite'
import { DEFAULT_CLOCK_SKEW } from '@capchain/verifier'
import { createApp } from '../app.js'
import { directoryBlobStore } from '../files/directory.js'
import { DEFAULT_MAX_SUBJECT_BYTES, subjectUsage } from '../files/usage.js'
import { STORAGE_STATUSES } from '../http/status.js'
import { STORAGE_VERIFIER_LIMITS } from './verifier-limits.js'
import { subjectAdmission } from '../subjects/admission.js'
import { DEFAULT_WEB_DIR, loadWebAssets } from '../web/assets.js'
import { loadOrCreateServiceKey } from './service-key.js'

export interface StorageServiceOptions {
  /** Files, state and the service key live here unless given apart; created if missing. */
  readonly dataDir: string
  /**
   * The files directory, when several instances share it. Default
   * `<dataDir>/files`, this instance's own. A shared directory's
   * unfinished uploads are removed only once no one has written to them for
   * longer than a request may last ({@link REQUEST_TIMEOUT_MS}): another
   * instance may be receiving the rest.
   */
  readonly filesDir?: string
  /** Default 0: an ephemeral port. */
  readonly port?: number
  /** Default `127.0.0.1`. */
  readonly hostname?: string
  /** Default: a SQLite store at `<dataDir>/state.db`. A given store is not closed by `close()`. */
  readonly store?: StateStore
  /** Default: the key in `<dataDir>/service.key`, generated on first start. */
  readonly key?: Signer
  /**
   * SIWE domains whose sign-ins are accepted (the page's host, as the wallet showed it).
   * Default: this service's own `host:port`, as `hostname`, `127.0.0.1` and `localhost`.
   */
  readonly domains?: readonly string[]
  /**
   * Subjects served besides wallets signed in through `domains` (did:pkh,
   * always served): the did:keys listed here. Default none: a did:key
   * anyone can generate is not a subject this service stores files for.
   */
  readonly subjects?: { readonly didKeys?: readonly DID[] }
  /** Bytes of stored files each subject may have. Default {@link DEFAULT_MAX_SUBJECT_BYTES} (1 GiB). */
  readonly maxSubjectBytes?: number
  /**
   * Longest SIWE session accepted, `Expiration Time − Issued At` in seconds;
   * `null` accepts sessions with no end. Default `DEFAULT_MAX_SESSION_LIFETIME`
   * of `@capchain/siwe` (7 days).
   */
  readonly maxSessionLifetime?: number | null
  /** The web page's files; `false` for none. Default: the package build's `dist/web/static`. */
  readonly webDir?: string | false
  /** Largest request header, which carries the UCAN container, and what a gzip container in it may inflate to. Default 64 KiB (Node's own default is 16 KiB). */
  readonly maxHeaderBytes?: number
  /** The chain verifier's limits, over {@link STORAGE_VERIFIER_LIMITS} (8 links, 100,000 policy steps). */
  readonly limits?: Partial<VerifierLimits>
  /** Unix seconds. Default: the system clock. */
  readonly now?: () => number
  /**
   * Where the service logs: one access line per guarded request, internal
   * errors with their stack (a pino logger fits; `createLineLogger` is the
   * bin's). Default silent.
   */
  readonly logger?: GuardLogger
  /** An OpenTelemetry tracer for the guard's spans (`@opentelemetry/api` must be installed). Default none. */
  readonly tracer?: GuardTracer
  /**
   * Default `'on'`. `{ off: 'for-benchmarks', subject }` is for packages/bench's
   * load test only, as the baseline of the authorized route: `GET /files/<path>`
   * then serves `subject`'s files to anyone, with no credentials read and no
   * check, and no other storage route is served. Refused unless `hostname` is a
   * loopback address; the bin (`capchain-storage`) never sets it.
   */
  readonly authorization?: 'on' | { readonly off: 'for-benchmarks'; readonly subject: DID }
  /**
   * Milliseconds between two sweeps of the store (`StateStore.sweep`: replay
   * records past their window, settled reservation ids, closed cap windows;
   * a store without it has its replay records swept) and of abandoned
   * uploads; `false` for none (an operator then runs `capchain-storage
   * sweep`). Default {@link DEFAULT_SWEEP_INTERVAL_MS}.
   */
  readonly sweepIntervalMs?: number | false
}

export interface RunningStorageService {
  /** `http://host:port/` */
  readonly url: string
  readonly port: number
  readonly did: DID
  readonly store: StateStore
  /** Stops accepting requests, ends open connections, closes the store it opened. */
  close(): Promise<void>
}

export const DEFAULT_MAX_HEADER_BYTES = 64 * 1024
/** Longest a request, its upload body included, may take (Node's own default, set here because sweeping shared uploads relies on it). */
export const REQUEST_TIMEOUT_MS = 300_000
/** The store and abandoned uploads are swept this often by default: a minute, each sweep bounded by `DEFAULT_SWEEP_LIMIT` rows of each kind. */
export const DEFAULT_SWEEP_INTERVAL_MS = 60_000

/**
 * @throws {KeyStoreError} the service key file is unusable
 * @throws {StoreError} the SQLite store cannot be opened
 * @throws {InvalidDidError | UnsupportedDidError} an entry of `subjects.didKeys` is not a did:key
 * @throws {InvalidSiweOptionError} `maxSessionLifetime` is neither a positive integer nor `null`
 * @throws {Error} the port cannot be bound, the web files are missing, or `maxSubjectBytes` or `sweepIntervalMs` is not a positive integer
 */
export async function startStorageService(options: StorageServiceOptions): Promise<RunningStorageService> {
  const hostname = options.hostname ?? '127.0.0.1'
  const unauthorizedReadsOf = unauthorizedSubject(options.authorization, hostname)
  const admit = subjectAdmission(options.subjects?.didKeys)
  const maxSubjectBytes = options.maxSubjectBytes ?? DEFAULT_MAX_SUBJECT_BYTES
  if (!Number.isSafeInteger(maxSubjectBytes) || maxSubjectBytes <= 0) throw new Error('maxSubjectBytes must be a positive integer number of bytes')
  const interval = options.sweepIntervalMs ?? DEFAULT_SWEEP_INTERVAL_MS
  if (interval !== false && (!Number.isSafeInteger(interval) || interval <= 0)) throw new Error('sweepIntervalMs must be a positive integer number of milliseconds, or false')
  const filesDir = options.filesDir ?? join(options.dataDir, 'files')
  // Both: a shared files directory lies elsewhere, and the SQLite store needs its own directory to exist.
  await mkdir(options.dataDir, { recursive: true, mode: 0o700 })
  await mkdir(filesDir, { recursive: true, mode: 0o700 })
  const blobs = directoryBlobStore(filesDir)
  // Untouched for longer than a request may last: no instance is still receiving it.
  const abandoned = () => Date.now() - REQUEST_TIMEOUT_MS
  // In its own directory, every unfinished upload found before listening is a crash's leftover.
  await blobs.sweep(options.filesDir === undefined ? Number.POSITIVE_INFINITY : abandoned())
  const key = options.key ?? (await loadOrCreateServiceKey(join(options.dataDir, 'service.key')))
  const web = options.webDir === false ? undefined : await loadWebAssets(options.webDir ?? DEFAULT_WEB_DIR)
  const store = options.store ?? openSqliteStore(join(options.dataDir, 'state.db'))
  const now = options.now ?? (() => Math.floor(Date.now() / 1000))
  const maxHeaderBytes = options.maxHeaderBytes ?? DEFAULT_MAX_HEADER_BYTES

  // The routes need the trusted domains, which name the port, known only once listening.
  let handler: ((request: Request, env: never) => Response | Promise<Response>) | undefined
  const server = createAdaptorServer({
    fetch: (request, env) => handler!(request, env as never),
    hostname,
    overrideGlobalObjects: false,
    serverOptions: { maxHeaderSize: maxHeaderBytes, requestTimeout: REQUEST_TIMEOUT_MS },
  })
  const port = await listen(server, options.port ?? 0, hostname)
  const domains = options.domains ?? [...new Set([hostname, '127.0.0.1', 'localhost'])].map((host) => `${host}:${port}`)
  const rootFormats = [siweRootFormat({ domains, ...(options.maxSessionLifetime === undefined ? {} : { maxSessionLifetime: options.maxSessionLifetime }) })]
  const limits = { ...STORAGE_VERIFIER_LIMITS, ...options.limits }
  const observability = { ...(options.logger === undefined ? {} : { logger: options.logger }), ...(options.tracer === undefined ? {} : { tracer: options.tracer }) }
  const guard = createGuard({ service: key.did(), store, rootFormats, admit, now, maxHeaderBytes, limits, statuses: STORAGE_STATUSES, ...observability })
  const app = createApp({
    guard,
    blobs,
    usage: subjectUsage(blobs, maxSubjectBytes),
    web,
    ...(unauthorizedReadsOf === undefined ? {} : { unauthorizedReadsOf }),
  })
  handler = (request, env) => app.fetch(request, env)

  // Records and windows outlive their end by the skew this service accepts: an instance sharing the store may run that far behind.
  const sweepStore = () =>
    store.sweep === undefined ? store.replay.sweep(now(), DEFAULT_CLOCK_SKEW) : store.sweep({ now: now(), margin: DEFAULT_CLOCK_SKEW })
  const sweep =
    interval === false
      ? undefined
      : setInterval(() => {
          void sweepStore().catch((error: unknown) => guard.logger.warn({ err: error }, 'store sweep failed; the next sweep tries again'))
          void blobs.sweep(abandoned()).catch((error: unknown) => guard.logger.warn({ err: error }, 'upload sweep failed; the next sweep tries again'))
        }, interval)
  sweep?.unref()
  return {
    url: `http://${hostname}:${port}/`,
    port,
    did: key.did(),
    store,
    async close() {
      if (sweep !== undefined) clearInterval(sweep)
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        if ('closeAllConnections' in server) server.closeAllConnections()
      })
      if (options.store === undefined) await store.close()
    },
  }
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost'])

/** @throws {Error} an unknown `authorization` value, or authorization off on a non-loopback address */
function unauthorizedSubject(authorization: StorageServiceOptions['authorization'], hostname: string): DID | undefined {
  if (authorization === undefined || authorization === 'on') return undefined
  if (typeof authorization !== 'object' || authorization.off !== 'for-benchmarks' || typeof authorization.subject !== 'string') {
    throw new Error("authorization must be 'on' or { off: 'for-benchmarks', subject }")
  }
  if (!LOOPBACK.has(hostname)) throw new Error(`authorization can be off (for benchmarks) only on a loopback address, not ${hostname}`)
  return authorization.subject
}

function listen(server: ReturnType<typeof createAdaptorServer>, port: number, hostname: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, hostname, () => {
      server.off('error', reject)
      resolve((server.address() as AddressInfo).port)
    })
  })
}
