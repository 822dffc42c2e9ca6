import { open } from 'node:fs/promises'
import type { FileHandle } from 'node:fs/promises'

/** A file opened for reading, with its size as of the open (a concurrent upload replaces the name, not this file). */
export interface OpenFile {
  readonly size: number
  /** The file's bytes as a stream; `onEnd` gets the bytes sent, once, whether it completed or was cancelled. Closes the file. */
  stream(onEnd: (sent: number) => void): ReadableStream<Uint8Array>
  close(): Promise<void>
}

/**
 * @returns `undefined` when nothing is at `target`, `'directory'` for a directory: the caller says so
 *   only once the request was authorized
 */
export async function openForRead(target: string): Promise<OpenFile | 'directory' | undefined> {
  let handle: FileHandle
  try {
    handle = await open(target, 'r')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined
    throw error
  }
  const stat = await handle.stat()
  if (!stat.isFile()) {
    await handle.close()
    return 'directory'
  }
  return {
    size: stat.size,
    close: () => handle.close(),
    stream(onEnd) {
      const source = handle.createReadStream({ highWaterMark: 64 * 1024 })
      const iterator = source[Symbol.asyncIterator]() as AsyncIterator<Buffer>
      let sent = 0
      let ended = false
      const end = () => {
        if (ended) return
        ended = true
        source.destroy()
        onEnd(sent)
      }
      return new ReadableStream<Uint8Array>({
        async pull(controller) {
          try {
            const { done, value } = await iterator.next()
            if (done === true) {
              controller.close()
              end()
              return
            }
            sent += value.byteLength
            controller.enqueue(new Uint8Array(value.buffer, value.byteOffset, value.byteLength))
          } catch (error) {
            controller.error(error)
            end()
          }
        },
        cancel() {
          end()
        },
      })
    },
  }
}
