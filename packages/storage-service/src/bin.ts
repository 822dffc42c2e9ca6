#!/usr/bin/env node
/**
 * `capchain-storage`: run the storage service and its web page.
 *
 *   capchain-storage --data ./storage-data --port 8080 [--host 127.0.0.1] [--domain app.example]…
 *     [--subject did:key:…]… [--max-subject-bytes N] [--max-session-lifetime SECONDS]
 *     [--log-format json|pretty|off] [--log-level debug|info|warn|error]
 *     [--store postgres://…] [--pool-size N] [--key-file FILE] [--files DIR] [--no-web]
 *   capchain-storage sweep (--store postgres://… | --data DIR) [--limit N] [--keep-settled-for SECONDS] [--json]
 *
 * `sweep` runs one sweep of the store and prints what it removed
 * (src/operator/sweep.ts); the service also sweeps by itself every minute.
 *
 * Several instances of one service (docs/service.md, "Several instances")
 * share a PostgreSQL store (`--store`, or `CAPCHAIN_STORE_URL` to keep its
 * password out of the process list), one key (`--key-file`, or the key
 * file's text in `CAPCHAIN_SERVICE_KEY`) and one files directory
 * (`--files`). By default all three are this instance's own, under `--data`.
 * `--no-web` serves the API only, without the web page.
 *
 * Logs (one access line per guarded request, internal errors with their
 * stack) go to standard output: plain text by default, JSON lines with
 * `--log-format json` (the start is then a JSON line too), none with `off`.
 *
 * Exit codes: 0 stopped by a signal, 2 usage error, 1 could not start.
 */
import { parseArgs } from 'node:util'
import type { DID, Signer } from '@capchain/core/principal'
import type { StateStore } from '@capchain/store'
import { openPostgresStore } from '@capchain/store-postgres'
import { createLineLogger, LOG_LEVELS } from './logging/line-logger.js'
import type { LogLevel } from './logging/line-logger.js'
import { runSweep, SWEEP_USAGE } from './operator/sweep.js'
import { loadSharedServiceKey } from './server/service-key.js'
import { startStorageService } from './server/start.js'

const USAGE =
  'usage: capchain-storage --data DIR [--port N] [--host HOST] [--domain HOST[:PORT]]… [--subject DID:KEY]… [--max-subject-bytes N] [--max-session-lifetime SECONDS] [--log-format json|pretty|off] [--log-level debug|info|warn|error] [--store postgres://…] [--pool-size N] [--key-file FILE] [--files DIR] [--no-web]'

const LOG_FORMATS = ['json', 'pretty', 'off'] as const

async function main(): Promise<number> {
  if (process.argv[2] === 'sweep') {
    return runSweep(process.argv.slice(3), process.env, {
      stdout: (line) => process.stdout.write(`${line}\n`),
      stderr: (line) => process.stderr.write(`${line}\n`),
    })
  }
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
    store?: string
    'pool-size'?: string
    'key-file'?: string
    files?: string
    'no-web'?: boolean
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
        store: { type: 'string' },
        'pool-size': { type: 'string' },
        'key-file': { type: 'string' },
        files: { type: 'string' },
        'no-web': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }))
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`)
    return 2
  }
  if (values.help === true) {
    process.stdout.write(`${USAGE}\n${SWEEP_USAGE}\n`)
    return 0
  }
  const port = values.port === undefined ? 8080 : Number(values.port)
  const maxSubjectBytes = positiveInteger(values['max-subject-bytes'])
  const maxSessionLifetime = positiveInteger(values['max-session-lifetime'])
  const logFormat = oneOf(LOG_FORMATS, values['log-format'] ?? 'pretty')
  const logLevel = oneOf(LOG_LEVELS, values['log-level'] ?? 'info')
  const storeUrl = values.store ?? nonEmpty(process.env['CAPCHAIN_STORE_URL'])
  const poolSize = positiveInteger(values['pool-size'])
  const keyText = nonEmpty(process.env['CAPCHAIN_SERVICE_KEY'])
  if (
    values.data === undefined ||
    !Number.isInteger(port) ||
    port < 0 ||
    port > 65535 ||
    maxSubjectBytes === null ||
    maxSessionLifetime === null ||
    logFormat === undefined ||
    logLevel === undefined ||
    (storeUrl !== undefined && !/^postgres(ql)?:\/\//.test(storeUrl)) ||
    poolSize === null ||
    (poolSize !== undefined && storeUrl === undefined) ||
    (keyText !== undefined && values['key-file'] !== undefined)
  ) {
    process.stderr.write(`${USAGE}\n`)
    return 2
  }
  const logger = logFormat === 'off' ? undefined : createLineLogger({ format: logFormat, level: logLevel })
  const keySource = keyText !== undefined ? { text: keyText, name: 'CAPCHAIN_SERVICE_KEY' } : values['key-file'] !== undefined ? { file: values['key-file'] } : undefined
  const key: Signer | undefined = keySource === undefined ? undefined : await loadSharedServiceKey(keySource)
  const store: StateStore | undefined =
    storeUrl === undefined ? undefined : await openPostgresStore({ url: storeUrl, ...(poolSize === undefined ? {} : { poolSize }) })
  const starting = startStorageService({
    dataDir: values.data,
    port,
    ...(store === undefined ? {} : { store }),
    ...(key === undefined ? {} : { key }),
    ...(values.files === undefined ? {} : { filesDir: values.files }),
    ...(values['no-web'] === true ? { webDir: false as const } : {}),
    ...(values.host === undefined ? {} : { hostname: values.host }),
    ...(values.domain === undefined ? {} : { domains: values.domain }),
    ...(values.subject === undefined ? {} : { subjects: { didKeys: values.subject as DID[] } }),
    ...(maxSubjectBytes === undefined ? {} : { maxSubjectBytes }),
    ...(maxSessionLifetime === undefined ? {} : { maxSessionLifetime }),
    ...(logger === undefined ? {} : { logger }),
  })
  // A pool left open would keep a process that failed to start from exiting.
  const service = await starting.catch(async (error: unknown) => {
    await store?.close()
    throw error
  })
  // JSON logs keep standard output all JSON lines.
  if (logFormat === 'json') logger?.info({ url: service.url, did: service.did }, 'capchain storage service listening')
  else process.stdout.write(`capchain storage service at ${service.url}\nDID ${service.did}\n`)
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve)
    process.once('SIGTERM', resolve)
  })
  await service.close()
  await store?.close()
  return 0
}

/** `text` if it is one of `choices`, else `undefined`. */
function oneOf<const T extends string>(choices: readonly T[], text: string): T | undefined {
  return choices.find((choice) => choice === text)
}

/** An environment variable's value; `undefined` when unset or empty. */
function nonEmpty(text: string | undefined): string | undefined {
  return text === undefined || text === '' ? undefined : text
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
