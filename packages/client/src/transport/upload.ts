/**
 * Sending a body of known size, streamed, with progress.
 *
 * In Node, `fetch` streams a `ReadableStream` body (`duplex: 'half'`) with
 * the declared `Content-Length`. Browsers do not: Chrome streams request
 * bodies only over HTTP/2, and no browser reports upload progress to
 * `fetch`. There a `Blob` goes through `XMLHttpRequest`, which reads it from
 * disk as it sends and reports progress; a stream is first collected into a
 * `Blob` (the browser may keep a large one on disk).
 */
import { TransportError } from '../errors.js'
import { serviceError } from './http.js'
import { chunked, withProgress } from './progress.js'
import type { ProgressListener } from './progress.js'

/** What `put` accepts. A stream needs its size stated. */
export type UploadBody = Uint8Array | ArrayBuffer | Blob | string | ReadableStream<Uint8Array>

export interface Upload {
  readonly url: URL
  readonly headers: Record<string, string>
  readonly body: UploadBody
  readonly size: number
  readonly onProgress?: ProgressListener | undefined
  readonly signal?: AbortSignal | undefined
  readonly fetch: typeof fetch
}

/** The size of a body that knows it; `undefined` for a stream. */
export function bodySize(body: UploadBody): number | undefined {
  if (typeof body === 'string') return new TextEncoder().encode(body).byteLength
  if (body instanceof Uint8Array || body instanceof ArrayBuffer) return body.byteLength
  if (body instanceof Blob) return body.size
  return undefined
}

/**
 * PUT the body; resolves with the response text on success.
 * @throws {ServiceError} the service refused
 * @throws {TransportError} the upload failed on the way
 */
export async function upload(request: Upload): Promise<string> {
  if (typeof XMLHttpRequest === 'function') return uploadWithXhr(request, await asBlob(request.body))
  const stream = withProgress(asStream(request.body), request.size, request.onProgress)
  let response: Response
  try {
    response = await request.fetch(request.url, {
      method: 'PUT',
      headers: { ...request.headers, 'content-length': String(request.size), 'content-type': 'application/octet-stream' },
      body: stream,
      duplex: 'half',
      ...(request.signal === undefined ? {} : { signal: request.signal }),
    } as RequestInit)
  } catch (cause) {
    if (request.signal?.aborted === true) throw cause
    throw new TransportError(`PUT ${request.url.pathname} failed: ${(cause as Error).message}`, { cause })
  }
  const text = await response.text()
  if (!response.ok) throw serviceError(response.status, text)
  return text
}

function asStream(body: UploadBody): ReadableStream<Uint8Array> {
  if (typeof body === 'string') return chunked(new TextEncoder().encode(body))
  if (body instanceof Uint8Array) return chunked(body)
  if (body instanceof ArrayBuffer) return chunked(new Uint8Array(body))
  if (body instanceof Blob) return body.stream()
  return body
}

async function asBlob(body: UploadBody): Promise<Blob> {
  if (body instanceof Blob) return body
  if (body instanceof ReadableStream) return new Response(body).blob()
  return new Blob([typeof body === 'string' ? body : new Uint8Array(body)])
}

function uploadWithXhr(request: Upload, blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('PUT', request.url)
    for (const [name, value] of Object.entries(request.headers)) xhr.setRequestHeader(name, value)
    xhr.setRequestHeader('content-type', 'application/octet-stream')
    const { onProgress } = request
    if (onProgress !== undefined) xhr.upload.onprogress = (event) => onProgress({ loaded: event.loaded, total: request.size })
    xhr.onload = () => (xhr.status >= 200 && xhr.status < 300 ? resolve(xhr.responseText) : reject(serviceError(xhr.status, xhr.responseText)))
    xhr.onerror = () => reject(new TransportError(`PUT ${request.url.pathname} failed`))
    xhr.onabort = () => reject(request.signal?.reason ?? new TransportError(`PUT ${request.url.pathname} was aborted`))
    request.signal?.addEventListener('abort', () => xhr.abort(), { once: true })
    xhr.send(blob)
  })
}
