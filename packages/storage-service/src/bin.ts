#!/usr/bin/env node
/**
 * `capchain-storage`: run the storage service and its web page.
 *
 *   capchain-storage --data ./storage-data --port 8080 [--host 127.0.0.1] [--domain app.example]…
 *     [--subject did:key:…]… [--max-subject-bytes N] [--max-session-lifetime SECONDS]
 *     [--log-format json|pretty|off] [--log-level debug|info|warn|error]
 *
 * Logs (one access line per guarded request, internal errors with their
 * stack) go to standard output: plain text by default, JSON lines with
 * `--log-format json` (the start is then a JSON line too), none with `off`.
 *
 * Exit codes: 0 stopped by a signal, 2 usage error, 1 could not start.
 */
import { parseArgs } from 'node:util'
import type { DID } from '@capchain/core/principal'
import { createLineLogger, LOG_LEVELS } from './logging/line-logger.js'
import type { LogLevel } from './logging/line-logger.js'
import { startStorageService } from './server/start.js'

const USAGE =
  'usage: capchain-storage --data DIR [--port N] [--host HOST] [--domain HOST[:PORT]]… [--subject DID:KEY]… [--max-subject-bytes N] [--max-session-lifetime SECONDS] [--log-format json|pretty|off] [--log-level debug|info|warn|error]'

const LOG_FORMATS = ['json', 'pretty', 'off'] as const

async function main(): Promise<number> {
  let values: {
    data?: string
    port?: string
    host?: string
    domain?: string[]
    subject?: string[]
    'max-subject-bytes'?: string
    'max-session-lifetime'?: string
    'log-format'?: string
    'log-level'?: string
    help?: boolean
  }
  try {
    ;({ values } = parseArgs({
      options: {
        data: { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        domain: { type: 'string', multiple: true },
        subject: { type: 'string', multiple: true },
        'max-subject-bytes': { type: 'string' },
        'max-session-lifetime': { type: 'string' },
        'log-format': { type: 'string' },
        'log-level': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }))
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`)
    return 2
  }
  if (values.help === true) {
    process.stdout.write(`${USAGE}\n`)
    return 0
  }
  const port = values.port === undefined ? 8080 : Number(values.port)
  const maxSubjectBytes = positiveInteger(values['max-subject-bytes'])
  const maxSessionLifetime = positiveInteger(values['max-session-lifetime'])
  const logFormat = oneOf(LOG_FORMATS, values['log-format'] ?? 'pretty')
  const logLevel = oneOf(LOG_LEVELS, values['log-level'] ?? 'info')
  if (
    values.data === undefined ||
    !Number.isInteger(port) ||
    port < 0 ||
    port > 65535 ||
    maxSubjectBytes === null ||
    maxSessionLifetime === null ||
    logFormat === undefined ||
    logLevel === undefined
  ) {
    process.stderr.write(`${USAGE}\n`)
    return 2
  }
  const logger = logFormat === 'off' ? undefined : createLineLogger({ format: logFormat, level: logLevel })
  const service = await startStorageService({
    dataDir: values.data,
    port,
    ...(values.host === undefined ? {} : { hostname: values.host }),
    ...(values.domain === undefined ? {} : { domains: values.domain }),
    ...(values.subject === undefined ? {} : { subjects: { didKeys: values.subject as DID[] } }),
    ...(maxSubjectBytes === undefined ? {} : { maxSubjectBytes }),
    ...(maxSessionLifetime === undefined ? {} : { maxSessionLifetime }),
    ...(logger === undefined ? {} : { logger }),
  })
  // JSON logs keep standard output all JSON lines.
  if (logFormat === 'json') logger?.info({ url: service.url, did: service.did }, 'capchain storage service listening')
  else process.stdout.write(`capchain storage service at ${service.url}\nDID ${service.did}\n`)
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve)
    process.once('SIGTERM', resolve)
  })
  await service.close()
  return 0
}

/** `text` if it is one of `choices`, else `undefined`. */
function oneOf<const T extends string>(choices: readonly T[], text: string): T | undefined {
  return choices.find((choice) => choice === text)
}

/** A flag's positive integer; `undefined` when absent, `null` when not one. */
function positiveInteger(text: string | undefined): number | undefined | null {
  if (text === undefined) return undefined
  return /^[1-9]\d{0,15}$/.test(text) && Number.isSafeInteger(Number(text)) ? Number(text) : null
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    process.stderr.write(`capchain-storage: ${(error as Error).message}\n`)
    process.exitCode = 1
  },
)
