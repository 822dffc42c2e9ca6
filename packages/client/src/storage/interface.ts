import type { ProgressListener } from '../transport/progress.js'
import type { UploadBody } from '../transport/upload.js'

export interface PutOptions {
  /** Required for a stream body; must match the bytes the stream yields. */
  readonly size?: number
  readonly onProgress?: ProgressListener
  readonly signal?: AbortSignal
}

export interface GetOptions {
  /**
   * Most bytes to accept, declared in the invocation (policies see it). Default:
   * the chain's per-request ceiling. The service sends the file's real size.
   */
  readonly size?: number
  readonly onProgress?: ProgressListener
  readonly signal?: AbortSignal
}

export interface PutResult {
  readonly path: string
  readonly size: number
}

/** A file being read: its body streams as it is consumed. */
export interface StorageFile {
  readonly path: string
  readonly size: number
  readonly body: ReadableStream<Uint8Array>
  bytes(): Promise<Uint8Array>
  text(): Promise<string>
  blob(): Promise<Blob>
}

export interface ListEntry {
  readonly name: string
  readonly path: string
  readonly type: 'file' | 'directory'
  /** Bytes, for a file. */
  readonly size: number
  /** Last modification, unix milliseconds. */
  readonly modified: number
}

export interface ListResult {
  readonly path: string
  readonly entries: readonly ListEntry[]
}

/**
 * Files of one subject, each call one invocation signed by the client's key
 * (no wallet prompt). Denials reject with `ServiceError`, whose `code` is the
 * verifier's.
 */
export interface StorageApi {
  put(path: string, body: UploadBody, options?: PutOptions): Promise<PutResult>
  get(path: string, options?: GetOptions): Promise<StorageFile>
  list(path?: string): Promise<ListResult>
  delete(path: string): Promise<void>
}
