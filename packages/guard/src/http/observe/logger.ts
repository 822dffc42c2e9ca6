/**
 * The logger a guard writes to: the part of pino's interface it uses, so a
 * pino logger (or a child of one) fits as it is and the guard depends on no
 * logging library.
 */

/** A pino-compatible logger: each level takes the fields first, then the message. */
export interface GuardLogger {
  error(fields: object, message?: string): void
  warn(fields: object, message?: string): void
  info(fields: object, message?: string): void
  debug(fields: object, message?: string): void
  /** A logger adding `bindings` to every line (pino's `child`); used when present. */
  child?(bindings: object): GuardLogger
}

const ignore = (): void => undefined

/** The default: a library writes nothing unless its service says where. */
export const SILENT_LOGGER: GuardLogger = { error: ignore, warn: ignore, info: ignore, debug: ignore }

/** `logger` with the guard's name on every line, when it can bind one. */
export function guardLogger(logger: GuardLogger | undefined): GuardLogger {
  if (logger === undefined) return SILENT_LOGGER
  return logger.child?.({ component: 'capchain-guard' }) ?? logger
}
