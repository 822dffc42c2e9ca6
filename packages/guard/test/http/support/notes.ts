/**
 * The notes app every adapter test serves: the same four routes, each
 * adapter reading the note id (and the upload's length) its own way.
 *
 * - `GET /notes/:id`: `/notes/read {id}`, answers `{ id, subject }`, reserves nothing.
 * - `PUT /notes/:id`: `/notes/write {id, size}` with `size` the `Content-Length`, reserves it.
 * - `GET /stream/:id`: `/notes/read {id}`, streams {@link STREAM_BYTES}, reserves them, charges the bytes sent.
 * - `GET /export/:id`: the same stream, but the route charges what it reserved (the work is done once it answers).
 * - `GET /boom/:id`: `/notes/read {id}`, reserves {@link BOOM_BYTES}, and throws.
 */
import type { IPLDMap } from '@capchain/core'
import type { GuardedAuthorization } from '../../../src/http/guarded.js'
import type { GuardedRoute } from '../../../src/http/settlement.js'

export const STREAM_BYTES = 32 * 1024 * 1024
export const STREAM_CHUNK = 64 * 1024
export const BOOM_BYTES = 100

/** What the routes read of a request, whatever the framework. */
export interface NoteRequest {
  readonly id: string
  /** `Content-Length`, when the request states one. */
  readonly length: number | undefined
}

export interface NotesRoutes<Req> {
  readonly read: GuardedRoute<Req>
  readonly write: GuardedRoute<Req>
  readonly stream: GuardedRoute<Req>
  readonly export: GuardedRoute<Req>
  readonly boom: GuardedRoute<Req>
}

/** The routes' requirements, over an adapter's view of its requests. */
export function notesRoutes<Req>(view: (request: Req) => NoteRequest): NotesRoutes<Req> {
  const byId = (request: Req): IPLDMap => ({ id: view(request).id })
  return {
    read: { command: '/notes/read', args: byId },
    write: {
      command: '/notes/write',
      args: (request) => ({ id: view(request).id, size: view(request).length ?? 0 }),
      bytes: (_, args) => args.size as number,
    },
    stream: { command: '/notes/read', args: byId, bytes: () => STREAM_BYTES, charge: 'response' },
    export: { command: '/notes/read', args: byId, bytes: () => STREAM_BYTES },
    boom: { command: '/notes/read', args: byId, bytes: () => BOOM_BYTES },
  }
}

/** `Content-Length` as a number, or `undefined`. */
export function lengthOf(header: string | null | undefined): number | undefined {
  return header === null || header === undefined || !/^\d+$/.test(header) ? undefined : Number(header)
}

/** The body of `GET /notes/:id`. */
export function noteBody(id: string, auth: GuardedAuthorization): { id: string; subject: string; command: string } {
  return { id, subject: auth.subject, command: auth.command }
}

/** The body of `GET /stream/:id`: {@link STREAM_BYTES} in chunks, produced only as the client reads. */
export function* streamChunks(): Generator<Uint8Array> {
  for (let sent = 0; sent < STREAM_BYTES; sent += STREAM_CHUNK) yield new Uint8Array(STREAM_CHUNK).fill(0x61)
}

/** What the boom route throws. */
export class BoomError extends Error {
  constructor() {
    super('the handler failed')
  }
}
