/** The StateStore contract and the reservation-reuse tests, run against PostgreSQL, a new database per test. */
import { afterAll, beforeAll } from 'vitest'
import { describeStateStore } from '../../store/test/support/contract.js'
import { describeReservationReuse } from '../../store/test/support/reservation-reuse.js'
import { openPostgresStore } from '../src/index.js'
import { START_TIMEOUT_MS, startTestServer } from './support/postgres.js'
import type { TestServer } from './support/postgres.js'

let server: TestServer
beforeAll(async () => {
  server = await startTestServer()
}, START_TIMEOUT_MS)
afterAll(() => server.dispose())

const open = async () => openPostgresStore({ url: await server.fresh(), poolSize: 2 })

describeStateStore('postgres', open)
describeReservationReuse('postgres', open)
