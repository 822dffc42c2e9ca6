/** Settled reservation ids stay settled, in the memory store. */
import { createMemoryStore } from '../src/index.js'
import { describeReservationReuse } from './support/reservation-reuse.js'

describeReservationReuse('memory', createMemoryStore)
