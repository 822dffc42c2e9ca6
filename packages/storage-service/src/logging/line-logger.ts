/**
 * The service's own logger for `capchain-storage`: one line per entry,
 * JSON (for a collector) or plain text (for a person), written as it is
 * logged. Hand-written rather than pino because the bin needs only this
 * and a library dependency of the service would ship to every user of it;
 * `startStorageService({ logger })` takes pino itself.
 */
import type { GuardLogger } from '@capchain/guard'

export type LogFormat = 'json' | 'pretty'

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const
export type LogLevel = (typeof LOG_LEVELS)[number]

export interface LineLoggerOptions {
  readonly format: LogFormat
  /** Entries below this level are dropped. Default `info`. */
  readonly level?: LogLevel
  /** Where each line goes (without its newline). Default: standard output. */
  readonly write?: (line: string) => void
  /** Default: the system clock. */
  readonly now?: () => Date
}

/** A pino-compatible logger writing one line per entry. */
export function createLineLogger(options: LineLoggerOptions): GuardLogger {
  const threshold = LOG_LEVELS.indexOf(options.level ?? 'info')
  const write = options.write ?? ((line: string) => void process.stdout.write(`${line}\n`))
  const now = options.now ?? (() => new Date())
  const format = options.format === 'json' ? jsonLine : prettyLine
  const logger = (bindings: object): GuardLogger => {
    const at =
      (level: LogLevel) =>
      (fields: object, message?: string): void => {
        if (LOG_LEVELS.indexOf(level) < threshold) return
        write(format(level, now(), { ...bindings, ...withErrors(fields) }, message))
      }
    return {
      debug: at('debug'),
      info: at('info'),
      warn: at('warn'),
      error: at('error'),
      child: (more) => logger({ ...bindings, ...more }),
    }
  }
  return logger({})
}

/** An `Error` as the fields a log keeps of it: its stack above all (an error's own `toJSON`, if any, would drop it). */
function withErrors(fields: object): Record<string, unknown> {
  const copy: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(fields)) {
    copy[key] =
      value instanceof Error
        ? { type: value.name, message: value.message, stack: value.stack, ...('code' in value && typeof value.code === 'string' ? { code: value.code } : {}) }
        : value
  }
  return copy
}

function jsonLine(level: LogLevel, time: Date, fields: Record<string, unknown>, message: string | undefined): string {
  return JSON.stringify({ level, time: time.toISOString(), ...(message === undefined ? {} : { msg: message }), ...fields })
}

/** `time LEVEL message key=value…`, with an error's stack on the lines below. */
function prettyLine(level: LogLevel, time: Date, fields: Record<string, unknown>, message: string | undefined): string {
  const stacks: string[] = []
  const pairs = Object.entries(fields)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => {
      const stack = (value as { stack?: unknown } | null)?.stack
      if (typeof stack === 'string') stacks.push(stack)
      if (typeof value !== 'string') return `${key}=${JSON.stringify(typeof stack === 'string' ? { ...(value as object), stack: undefined } : value)}`
      return `${key}=${/^[^\s"=]+$/.test(value) ? value : JSON.stringify(value)}`
    })
  const head = [time.toISOString(), level.toUpperCase().padEnd(5), ...(message === undefined ? [] : [message]), ...pairs].join(' ')
  return [head, ...stacks.map((stack) => stack.replace(/^/gm, '    '))].join('\n')
}
