/**
 * The service's web page: sign in with a wallet the browser has (found by
 * EIP-6963) once, then upload, list, download and delete with the page's
 * own non-extractable key; share a folder as a string; revoke sessions and
 * shares. Every button is enabled only when its action can work.
 */
import { createClient, indexedDbStore } from '@capchain/client'
import type { CapchainClient, ListEntry } from '@capchain/client'
import { updateControls } from './controls.js'
import type { PageState } from './controls.js'
import { byId } from './dom.js'
import { act, fail } from './feedback.js'
import { formatSize } from './units/format-size.js'
import { parseSize } from './units/parse-size.js'
import { renderAccess, renderListing, renderStatus } from './views.js'
import { discoverWallets } from './wallet/discover.js'
import { walletPicker } from './wallet/picker.js'

const input = (id: string) => byId<HTMLInputElement>(id)

function folder(): string {
  const value = input('folder').value.trim()
  return value === '' ? '/' : value
}

function join(dir: string, name: string): string {
  return dir === '/' ? `/${name}` : `${dir}/${name}`
}

function start(client: CapchainClient): void {
  let busy = false
  const picker = walletPicker(() => controls())
  const state = (): PageState => ({
    busy,
    wallet: picker.chosen() !== undefined,
    session: client.session() !== undefined,
    authority: client.session() !== undefined || client.imported().length > 0,
  })
  const controls = () => updateControls(state())
  const run = (action: () => Promise<string>) =>
    act(action, (running) => {
      busy = running
      controls()
    })
  const wallet = () => {
    const chosen = picker.chosen()
    if (chosen === undefined) throw new Error('no Ethereum wallet in this browser')
    return chosen.provider
  }
  const refresh = () => {
    renderStatus(client)
    renderAccess(client, revoke)
    controls()
  }

  const list = async (): Promise<string> => {
    const result = await client.storage.list(folder())
    renderListing(result.entries, open, remove)
    controls()
    return `${result.path}: ${result.entries.length} entr${result.entries.length === 1 ? 'y' : 'ies'}`
  }

  const open = (entry: ListEntry) =>
    run(async () => {
      if (entry.type === 'directory') {
        input('folder').value = entry.path
        return list()
      }
      const file = await client.storage.get(entry.path)
      const blob = await file.blob()
      byId('download-path').textContent = entry.path
      byId('download-size').textContent = formatSize(blob.size)
      byId<HTMLAnchorElement>('download-link').href = URL.createObjectURL(blob)
      byId<HTMLAnchorElement>('download-link').download = entry.name
      byId('preview').textContent = blob.size <= 64 * 1024 ? await blob.text() : '(too large to preview)'
      byId('download').hidden = false
      return `downloaded ${entry.path}`
    })

  const remove = (entry: ListEntry) =>
    run(async () => {
      await client.storage.delete(entry.path)
      await list()
      return `deleted ${entry.path}`
    })

  const revoke = (cid: string, kind: 'session' | 'delegation') =>
    run(async () => {
      await client.revoke(cid, kind === 'session' ? { provider: wallet() } : {})
      refresh()
      return `revoked ${cid}`
    })

  byId('sign-in').addEventListener('click', () =>
    run(async () => {
      const session = await client.signIn(wallet(), { statement: `Sign in to capchain storage at ${location.host}.` })
      refresh()
      await list()
      return `signed in as ${session.subject}`
    }),
  )
  byId('refresh').addEventListener('click', () => run(list))
  byId('upload').addEventListener('click', () =>
    run(async () => {
      const file = input('file').files?.[0]
      if (file === undefined) throw new Error('choose a file first')
      const progress = byId<HTMLProgressElement>('upload-progress')
      const path = join(folder(), file.name)
      await client.storage.put(path, file, { onProgress: ({ loaded, total }) => (progress.value = total === 0 ? 1 : loaded / total) })
      await list()
      return `uploaded ${path} (${formatSize(file.size)})`
    }),
  )
  byId('share').addEventListener('click', () =>
    run(async () => {
      const quota = input('share-quota').value.trim()
      const readWrite = byId<HTMLSelectElement>('share-access').value === 'read-write'
      const grant = await client.delegate(input('share-to').value.trim() as `did:${string}`, {
        paths: [input('share-path').value.trim()],
        ops: readWrite ? ['read', 'list', 'write', 'delete'] : ['read', 'list'],
        ...(quota === '' ? {} : { maxBytes: parseSize(quota, 'quota') }),
        expiresIn: Math.round(Number(input('share-expiry').value) * 3600),
      })
      byId<HTMLTextAreaElement>('share-output').value = grant.container
      refresh()
      return `shared ${grant.paths.join(', ')} with ${grant.audience}${grant.maxBytes === undefined ? '' : `, up to ${formatSize(grant.maxBytes)}`}`
    }),
  )
  byId('import').addEventListener('click', () =>
    run(async () => {
      const share = await client.importDelegation(byId<HTMLTextAreaElement>('import-input').value)
      refresh()
      return `using a folder shared by ${share.issuer}`
    }),
  )
  byId('file').addEventListener('change', controls)
  for (const id of ['share-to', 'import-input']) byId(id).addEventListener('input', controls)
  discoverWallets(picker.show)
  refresh()
}

createClient({ service: location.origin, store: indexedDbStore() }).then(start, fail)
