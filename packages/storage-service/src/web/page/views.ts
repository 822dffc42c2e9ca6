import type { CapchainClient, ListEntry } from '@capchain/client'
import { button, buttonCell, byId, cell, row } from './dom.js'
import { formatSize } from './units/format-size.js'

const time = (seconds: number) => new Date(seconds * 1000).toISOString().replace('.000Z', 'Z')

export function renderStatus(client: CapchainClient): void {
  const session = client.session()
  const imported = client.imported().length
  byId('my-did').textContent = client.did
  byId('status').textContent =
    session !== undefined
      ? `Signed in as ${session.subject.split(':').at(-1)} until ${time(session.expiration)}`
      : imported > 0
        ? `Not signed in; using ${imported} shared folder${imported === 1 ? '' : 's'}`
        : 'Not signed in'
}

export function renderListing(entries: readonly ListEntry[], open: (entry: ListEntry) => void, remove: (entry: ListEntry) => void): void {
  byId('listing').replaceChildren(
    ...entries.map((entry) =>
      row(
        cell(entry.type === 'directory' ? `${entry.name}/` : entry.name),
        cell(entry.type === 'directory' ? '' : formatSize(entry.size)),
        buttonCell(
          button(entry.type === 'directory' ? 'Open' : 'Download', () => open(entry), { path: entry.path, action: 'open' }),
          button('Delete', () => remove(entry), { path: entry.path, action: 'delete' }),
        ),
      ),
    ),
  )
}

/** Sessions and the grants this browser issued, each revocable; shares it received, for reference. */
export function renderAccess(client: CapchainClient, revoke: (cid: string, kind: 'session' | 'delegation') => void): void {
  const state = (revoked: boolean) => cell(revoked ? 'revoked' : 'active', revoked ? 'revoked' : undefined)
  const revokeButton = (cid: string, kind: 'session' | 'delegation', revoked: boolean) => {
    // updateControls reads these: a revoked one stays disabled, a session's needs the wallet.
    return buttonCell(button('Revoke', () => revoke(cid, kind), { cid, action: 'revoke', kind, revoked: String(revoked) }))
  }
  byId('access').replaceChildren(
    ...client.sessions().map((session) =>
      row(cell('session'), cell(`${session.subject} → this browser (${session.cid})`), cell(time(session.expiration)), state(session.revoked), revokeButton(session.cid, 'session', session.revoked)),
    ),
    ...client.issued().map((grant) =>
      row(
        cell('shared'),
        cell(`${grant.paths.join(', ')} · ${grant.ops.join(', ')}${grant.maxBytes === undefined ? '' : ` · up to ${formatSize(grant.maxBytes)}`} → ${grant.audience} (${grant.cid})`),
        cell(time(grant.expiration)),
        state(grant.revoked),
        revokeButton(grant.cid, 'delegation', grant.revoked),
      ),
    ),
    ...client.imported().map((share) => row(cell('received'), cell(`from ${share.issuer} (${share.cid})`), cell(''), cell(''), buttonCell())),
  )
}
