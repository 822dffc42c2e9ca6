/** The StateStore contract, run against the memory store. */
import { createMemoryStore } from '../src/index.js'
import { describeStateStore } from './support/contract.js'

describeStateStore('memory', createMemoryStore)
