/**
 * The guard's events (config.ts, `GuardEvent`) written to its logger: a
 * fault as an error with the thrown value under `err` (pino's key, so its
 * serializer keeps the stack), refusals and settlements at debug level
 * (each request's access line already states them).
 */
import type { GuardEvent } from '../config.js'
import { SILENT_LOGGER } from './logger.js'
import type { GuardLogger } from './logger.js'

const ignore = (): void => undefined

/** Tell `hook` (the service's `log`, if any) and write `event` to `logger`. */
export function eventLog(logger: GuardLogger, hook: ((event: GuardEvent) => void) | undefined): (event: GuardEvent) => void {
  if (hook === undefined && logger === SILENT_LOGGER) return ignore
  return (event) => {
    hook?.(event)
    if (event.kind === 'fault') logger.error({ err: event.error }, 'capchain guard: internal error')
    else if (event.kind === 'denied') logger.debug({ code: event.error.code, status: event.status, at: event.error.at, cid: event.error.cid }, 'capchain guard: denied')
    else logger.debug({ subject: event.subject, command: event.command, refunded: event.refunded, charged: event.charged }, 'capchain guard: settled')
  }
}
