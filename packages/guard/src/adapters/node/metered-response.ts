/**
 * A Node `ServerResponse` counted as the handler writes it (Express,
 * Fastify): whole (`finish`) it is served, closed before that the client
 * went away after the bytes written so far (what a route charging its
 * response pays).
 */
import type { ServerResponse } from 'node:http'
import type { Outcome } from '../../http/settlement.js'
import { outcomeOfStatus, sendsBody } from '../../http/settlement.js'

/** Count `res`'s body; `onEnd` is called once, when it finishes or its connection closes first. */
export function meterNodeResponse(res: ServerResponse, onEnd: (outcome: Outcome) => void): void {
  let sent = 0
  // What a handler writes for HEAD is dropped by Node, never sent.
  const body = sendsBody(res.req.method ?? 'GET')
  const count = (chunk: unknown, encoding: unknown): void => {
    if (!body) return
    if (typeof chunk === 'string') sent += Buffer.byteLength(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8')
    else if (chunk instanceof Uint8Array) sent += chunk.byteLength
  }
  const write = res.write.bind(res) as (...args: unknown[]) => boolean
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse
  res.write = ((...args: unknown[]) => {
    count(args[0], args[1])
    return write(...args)
  }) as ServerResponse['write']
  res.end = ((...args: unknown[]) => {
    if (typeof args[0] !== 'function') count(args[0], args[1])
    return end(...args)
  }) as ServerResponse['end']
  let ended = false
  const once = (outcome: Outcome): void => {
    if (ended) return
    ended = true
    onEnd(outcome)
  }
  res.once('finish', () => once(outcomeOfStatus(res.statusCode, sent)))
  res.once('close', () => once(res.statusCode >= 400 ? { kind: 'failed' } : { kind: 'aborted', sent }))
}

/** Write a refusal's problem body (the same bytes the Fetch adapters send). */
export async function sendResponse(res: ServerResponse, response: Response): Promise<void> {
  res.statusCode = response.status
  response.headers.forEach((value, name) => res.setHeader(name, value))
  res.end(Buffer.from(await response.arrayBuffer()))
}
