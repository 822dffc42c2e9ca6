/**
 * The service's web page: sign in with the browser's wallet once, then
 * upload, list, download and delete with the page's own non-extractable
 * key; share a folder as a string; revoke sessions and shares.
 */
import { createClient, indexedDbStore } from '@capchain/client'
import type { CapchainClient, ListEntry } from '@capchain/client'
import type { Eip1193Provider } from '@capchain/siwe'
import { byId } from './dom.js'
import { act, fail } from './feedback.js'
import { renderAccess, renderListing, renderStatus } from './views.js'

declare global {
  interface Window {
    ethereum?: Eip1193Provider
  }
}

const input = (id: string) => byId<HTMLInputElement>(id)

function wallet(): Eip1193Provider {
  if (window.ethereum === undefined) throw new Error('no Ethereum wallet in this browser (window.ethereum)')
  return window.ethereum
}

function folder(): string {
  const value = input('folder').value.trim()
  return value === '' ? '/' : value
}

function join(dir: string, name: string): string {
  return dir === '/' ? `/${name}` : `${dir}/${name}`
}

function start(client: CapchainClient): void {
  const refresh = () => {
    renderStatus(client)
    renderAccess(client, revoke)
  }

  const list = async (): Promise<string> => {
    const result = await client.storage.list(folder())
    renderListing(result.entries, open, remove)
    return `${result.path}: ${result.entries.length} entr${result.entries.length === 1 ? 'y' : 'ies'}`
  }

  const open = (entry: ListEntry) =>
    act(async () => {
      if (entry.type === 'directory') {
        input('folder').value = entry.path
        return list()
      }
      const file = await client.storage.get(entry.path)
      const blob = await file.blob()
      byId('download-path').textContent = entry.path
      byId('download-size').textContent = String(blob.size)
      byId<HTMLAnchorElement>('download-link').href = URL.createObjectURL(blob)
      byId<HTMLAnchorElement>('download-link').download = entry.name
      byId('preview').textContent = blob.size <= 64 * 1024 ? await blob.text() : '(too large to preview)'
      byId('download').hidden = false
      return `downloaded ${entry.path}`
    })

  const remove = (entry: ListEntry) =>
    act(async () => {
      await client.storage.delete(entry.path)
      await list()
      return `deleted ${entry.path}`
    })

  const revoke = (cid: string, kind: 'session' | 'delegation') =>
    act(async () => {
      await client.revoke(cid, kind === 'session' ? { provider: wallet() } : {})
      refresh()
      return `revoked ${cid}`
    })

  byId('sign-in').addEventListener('click', () =>
    act(async () => {
      const session = await client.signIn(wallet(), { statement: `Sign in to capchain storage at ${location.host}.` })
      refresh()
      await list()
      return `signed in as ${session.subject}`
    }),
  )
  byId('refresh').addEventListener('click', () => act(list))
  byId('upload').addEventListener('click', () =>
    act(async () => {
      const file = input('file').files?.[0]
      if (file === undefined) throw new Error('choose a file first')
      const progress = byId<HTMLProgressElement>('upload-progress')
      const path = join(folder(), file.name)
      await client.storage.put(path, file, { onProgress: ({ loaded, total }) => (progress.value = total === 0 ? 1 : loaded / total) })
      await list()
      return `uploaded ${path} (${file.size} bytes)`
    }),
  )
  byId('share').addEventListener('click', () =>
    act(async () => {
      const quota = input('share-quota').value.trim()
      const readWrite = byId<HTMLSelectElement>('share-access').value === 'read-write'
      const grant = await client.delegate(input('share-to').value.trim() as `did:${string}`, {
        paths: [input('share-path').value.trim()],
        ops: readWrite ? ['read', 'list', 'write', 'delete'] : ['read', 'list'],
        ...(quota === '' ? {} : { maxBytes: Number(quota) }),
        expiresIn: Math.round(Number(input('share-expiry').value) * 3600),
      })
      byId<HTMLTextAreaElement>('share-output').value = grant.container
      refresh()
      return `shared ${grant.paths.join(', ')} with ${grant.audience}`
    }),
  )
  byId('import').addEventListener('click', () =>
    act(async () => {
      const share = await client.importDelegation(byId<HTMLTextAreaElement>('import-input').value)
      refresh()
      return `using a folder shared by ${share.issuer}`
    }),
  )
  refresh()
}

createClient({ service: location.origin, store: indexedDbStore() }).then(start, fail)
