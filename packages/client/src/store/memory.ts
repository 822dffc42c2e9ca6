import { generateSigner } from '@capchain/core/lean'
import type { Signer } from '@capchain/core/principal'
import type { ClientRecords, ClientStore } from './interface.js'

/** A store that forgets everything with the process: tests, and agents that live for one task. */
export function memoryStore(): ClientStore {
  let key: Promise<Signer> | undefined
  let records: ClientRecords | undefined
  return {
    key: () => (key ??= generateSigner('Ed25519')),
    load: () => Promise.resolve(records),
    save: (next) => {
      records = next
      return Promise.resolve()
    },
  }
}
