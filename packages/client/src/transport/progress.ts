/** Bytes moved so far of a body, and its total. */
export interface Progress {
  readonly loaded: number
  readonly total: number
}

export type ProgressListener = (progress: Progress) => void

/**
 * `stream`, reporting each chunk to `listener` as the consumer pulls it:
 * for an upload that is as the transport sends it (backpressure holds the
 * pull back), for a download as the caller reads it.
 */
export function withProgress(stream: ReadableStream<Uint8Array>, total: number, listener: ProgressListener | undefined): ReadableStream<Uint8Array> {
  if (listener === undefined) return stream
  let loaded = 0
  return stream.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        loaded += chunk.byteLength
        controller.enqueue(chunk)
        listener({ loaded, total })
      },
    }),
  )
}

/** A byte array as a stream of 64 KiB chunks, so its progress can be reported as it is sent. */
export function chunked(bytes: Uint8Array, chunkSize = 64 * 1024): ReadableStream<Uint8Array> {
  let offset = 0
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= bytes.byteLength) {
        controller.close()
        return
      }
      controller.enqueue(bytes.subarray(offset, offset + chunkSize))
      offset += chunkSize
    },
  })
}
