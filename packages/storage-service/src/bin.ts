#!/usr/bin/env node
/**
 * `capchain-storage`: run the storage service and its web page.
 *
 *   capchain-storage --data ./storage-data --port 8080 [--host 127.0.0.1] [--domain app.example]…
 *
 * Exit codes: 0 stopped by a signal, 2 usage error, 1 could not start.
 */
import { parseArgs } from 'node:util'
import { startStorageService } from './server/start.js'

const USAGE = 'usage: capchain-storage --data DIR [--port N] [--host HOST] [--domain HOST[:PORT]]…'

async function main(): Promise<number> {
  let values: { data?: string; port?: string; host?: string; domain?: string[]; help?: boolean }
  try {
    ;({ values } = parseArgs({
      options: {
        data: { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        domain: { type: 'string', multiple: true },
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
  if (values.data === undefined || !Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`${USAGE}\n`)
    return 2
  }
  const service = await startStorageService({
    dataDir: values.data,
    port,
    ...(values.host === undefined ? {} : { hostname: values.host }),
    ...(values.domain === undefined ? {} : { domains: values.domain }),
  })
  process.stdout.write(`capchain storage service at ${service.url}\nDID ${service.did}\n`)
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve)
    process.once('SIGTERM', resolve)
  })
  await service.close()
  return 0
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    process.stderr.write(`capchain-storage: ${(error as Error).message}\n`)
    process.exitCode = 1
  },
)
