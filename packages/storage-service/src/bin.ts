#!/usr/bin/env node
/**
 * `capchain-storage`: run the storage service and its web page.
 *
 *   capchain-storage --data ./storage-data --port 8080 [--host 127.0.0.1] [--domain app.example]…
 *     [--subject did:key:…]… [--max-subject-bytes N] [--max-session-lifetime SECONDS]
 *
 * Exit codes: 0 stopped by a signal, 2 usage error, 1 could not start.
 */
import { parseArgs } from 'node:util'
import type { DID } from '@capchain/core/principal'
import { startStorageService } from './server/start.js'

const USAGE =
  'usage: capchain-storage --data DIR [--port N] [--host HOST] [--domain HOST[:PORT]]… [--subject DID:KEY]… [--max-subject-bytes N] [--max-session-lifetime SECONDS]'

async function main(): Promise<number> {
  let values: {
    data?: string
    port?: string
    host?: string
    domain?: string[]
    subject?: string[]
    'max-subject-bytes'?: string
    'max-session-lifetime'?: string
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
  if (values.data === undefined || !Number.isInteger(port) || port < 0 || port > 65535 || maxSubjectBytes === null || maxSessionLifetime === null) {
    process.stderr.write(`${USAGE}\n`)
    return 2
  }
  const service = await startStorageService({
    dataDir: values.data,
    port,
    ...(values.host === undefined ? {} : { hostname: values.host }),
    ...(values.domain === undefined ? {} : { domains: values.domain }),
    ...(values.subject === undefined ? {} : { subjects: { didKeys: values.subject as DID[] } }),
    ...(maxSubjectBytes === undefined ? {} : { maxSubjectBytes }),
    ...(maxSessionLifetime === undefined ? {} : { maxSessionLifetime }),
  })
  process.stdout.write(`capchain storage service at ${service.url}\nDID ${service.did}\n`)
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve)
    process.once('SIGTERM', resolve)
  })
  await service.close()
  return 0
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
