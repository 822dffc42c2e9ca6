/**
 * What each route executes, whatever the framework: its command and the
 * args of the request, which the invocation must state exactly. Each app
 * gives its view of a request (the path's id, `Content-Length`, `?to=`).
 */
import type { IPLDMap } from '@capchain/core'
import { isDid } from '@capchain/core/token'
import type { GuardedRoute } from '@capchain/guard'
import { LengthRequiredError, NoteTooLargeError, ShareTargetError } from '../errors.js'
import { MAX_NOTE_BYTES, NOTES_COMMANDS } from './commands.js'

/** What the routes read of a request. */
export interface NoteRequest {
  /** The `:id` of the path. */
  readonly id: string
  /** `Content-Length`, when the request states one. */
  readonly length: number | undefined
  /** The `to` query parameter, when present. */
  readonly to: string | undefined
}

export interface NotesRoutes<Req> {
  /** `GET /notes/:id`: `/notes/read {id}`, reserves no bytes (one use on each cap). */
  readonly read: GuardedRoute<Req>
  /** `PUT /notes/:id`: `/notes/write {id, size}`, `size` the `Content-Length`, reserved on each cap. */
  readonly write: GuardedRoute<Req>
  /** `POST /notes/:id/share?to=<did>`: `/notes/share {id, to}`. */
  readonly share: GuardedRoute<Req>
}

/**
 * The routes over an app's `view` of its requests. A write without a
 * length, or over {@link MAX_NOTE_BYTES}, and a share without a DID to
 * share with are refused by their args, before the chain is read.
 */
export function notesRoutes<Req>(view: (request: Req) => NoteRequest): NotesRoutes<Req> {
  return {
    read: { command: NOTES_COMMANDS.read, args: (request): IPLDMap => ({ id: view(request).id }) },
    write: {
      command: NOTES_COMMANDS.write,
      args: (request): IPLDMap => {
        const { id, length } = view(request)
        if (length === undefined) throw new LengthRequiredError()
        if (length > MAX_NOTE_BYTES) throw new NoteTooLargeError(length, MAX_NOTE_BYTES)
        return { id, size: length }
      },
      bytes: (_request, args) => args.size as number,
    },
    share: {
      command: NOTES_COMMANDS.share,
      args: (request): IPLDMap => {
        const { id, to } = view(request)
        if (to === undefined || !isDid(to)) throw new ShareTargetError(to)
        return { id, to }
      },
    },
  }
}

/** `Content-Length` as a number, or `undefined` when absent or not a plain decimal. */
export function lengthOf(header: string | null | undefined): number | undefined {
  return header === null || header === undefined || !/^\d+$/.test(header) ? undefined : Number(header)
}
