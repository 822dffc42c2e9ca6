import type { RevocationRecord, RevocationStore } from '../interface.js'
import { checkRecord } from '../validate.js'
import type { Lifetime } from './lifetime.js'

const NONE: readonly RevocationRecord[] = Object.freeze([])

/** Revocations in a Map keyed by revoked CID, then revoker. */
export class MemoryRevocations implements RevocationStore {
  readonly #records = new Map<string, Map<string, RevocationRecord>>()
  readonly #lifetime: Lifetime

  constructor(lifetime: Lifetime) {
    this.#lifetime = lifetime
  }

  async add(record: RevocationRecord): Promise<boolean> {
    this.#lifetime.check()
    checkRecord(record)
    let byRevoker = this.#records.get(record.cid)
    if (byRevoker === undefined) {
      byRevoker = new Map()
      this.#records.set(record.cid, byRevoker)
    }
    if (byRevoker.has(record.revoker)) return false
    byRevoker.set(record.revoker, { ...record })
    return true
  }

  async lookup(cids: readonly string[]): Promise<readonly RevocationRecord[]> {
    this.#lifetime.check()
    return this.lookupNow(cids)
  }

  /** `lookup`, synchronously. */
  lookupNow(cids: readonly string[]): readonly RevocationRecord[] {
    // Nothing revoked is the common case, on every request: one Map lookup per CID and no array built for it.
    let found: RevocationRecord[] | undefined
    for (let i = 0; i < cids.length; i++) {
      const byRevoker = this.#records.get(cids[i]!)
      // A CID listed twice is reported once.
      if (byRevoker === undefined || cids.indexOf(cids[i]!) !== i) continue
      found ??= []
      for (const record of byRevoker.values()) found.push(record)
    }
    return found ?? NONE
  }
}
