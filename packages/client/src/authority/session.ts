import { decodeCacao } from '@capchain/siwe'
import { STORAGE_OPS } from '@capchain/storage'
import { KeyStoreError } from '../errors.js'
import type { SessionRecord } from '../store/interface.js'
import { tokensByCid } from '../tokens.js'
import type { Authority } from './authority.js'

/**
 * A wallet session as an authority: its root grants `/storage` to this
 * client's key, so every operation is invoked under the root alone.
 *
 * @throws {KeyStoreError} the record's container does not hold its CACAO
 * @throws {CapchainError} the CACAO does not decode
 */
export function sessionAuthority(record: SessionRecord): Authority {
  const bytes = tokensByCid(record.container).get(record.cid)
  if (bytes === undefined) throw new KeyStoreError(`the session record ${record.cid} does not hold its CACAO`)
  const { cid } = decodeCacao(bytes)
  return {
    id: record.cid,
    kind: 'session',
    subject: record.subject,
    root: { cid, bytes },
    chains: Object.fromEntries(STORAGE_OPS.map((op) => [op, []])),
    expiration: record.expiration,
    revoked: record.revoked,
  }
}
