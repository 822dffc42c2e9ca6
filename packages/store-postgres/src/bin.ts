#!/usr/bin/env node
/** `capchain-store-postgres`: migrate a database, list and settle open reservations (see `cli.ts`). */
import { runCli } from './cli.js'

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
})
