/** The StateStore contract, run against the SQLite store, a new file per test. */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll } from 'vitest'
import { describeStateStore } from '../../store/test/support/contract.js'
import { openSqliteStore } from '../src/index.js'

const dir = mkdtempSync(join(tmpdir(), 'capchain-store-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
let files = 0

describeStateStore('sqlite', () => openSqliteStore(join(dir, `contract-${files++}.db`)))
