/**
 * A Fetch `Response` whose body is counted as the server reads it, so a
 * download the client abandons is charged the bytes that left, not the
 * reservation when the route charges its response (Hono and Fetch adapters; Node servers cancel the body when
 * the connection closes).
 */
import type { Outcome } from './settlement.js'

/** `response` with its body counted; `onEnd` is called once, when it is sent whole or cancelled. */
export function meteredResponse(response: Response, onEnd: (outcome: Outcome) => void): Response {
  const body = response.body
  if (body === null) {
    onEnd({ kind: 'served', sent: 0 })
    return response
  }
  const reader = body.getReader()
  let sent = 0
  let ended = false
  const end = (outcome: Outcome): void => {
    if (ended) return
    ended = true
    onEnd(outcome)
  }
  const counted = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        let chunk: ReadableStreamReadResult<Uint8Array>
        try {
          chunk = await reader.read()
        } catch (error) {
          // The handler's stream broke: what left was served, and no more.
          end({ kind: 'aborted', sent })
          controller.error(error)
          return
        }
        if (chunk.done) {
          end({ kind: 'served', sent })
          controller.close()
          return
        }
        sent += chunk.value.byteLength
        controller.enqueue(chunk.value)
      },
      async cancel(reason) {
        end({ kind: 'aborted', sent })
        await reader.cancel(reason)
      },
    },
    { highWaterMark: 0 },
  )
  return new Response(counted, { status: response.status, statusText: response.statusText, headers: response.headers })
}
