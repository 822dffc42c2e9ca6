import { KeyStoreError } from '../errors.js'
import { WebCryptoSigner } from '../keys/webcrypto-signer.js'
import type { ClientRecords, ClientStore } from './interface.js'

const STORE = 'client'
const KEY = 'key'
const RECORDS = 'records'

interface StoredKey {
  readonly privateKey: CryptoKey
  readonly publicKey: Uint8Array
}

/**
 * A store in the browser's IndexedDB: the key is a WebCrypto Ed25519 key
 * pair whose private half is non-extractable (IndexedDB stores the
 * `CryptoKey` itself, so the secret never exists as bytes in the page),
 * and the records beside it. One database per `name`.
 */
export function indexedDbStore(name = 'capchain-client'): ClientStore {
  let db: Promise<IDBDatabase> | undefined
  let key: Promise<WebCryptoSigner> | undefined
  const database = () => (db ??= open(name))
  return {
    key: () => (key ??= loadOrCreateKey(database)),
    async load() {
      return (await get<ClientRecords>(await database(), RECORDS)) ?? undefined
    },
    async save(records) {
      await put(await database(), RECORDS, records)
    },
  }
}

async function loadOrCreateKey(database: () => Promise<IDBDatabase>): Promise<WebCryptoSigner> {
  const db = await database()
  const stored = await get<StoredKey>(db, KEY)
  if (stored !== undefined) return WebCryptoSigner.fromKey(stored.privateKey, stored.publicKey)
  let signer: WebCryptoSigner
  try {
    signer = await WebCryptoSigner.generate()
  } catch (cause) {
    throw new KeyStoreError('this browser has no WebCrypto Ed25519 to make a non-extractable key', { cause })
  }
  await put(db, KEY, { privateKey: signer.cryptoKey, publicKey: signer.publicKey } satisfies StoredKey)
  return signer
}

function open(name: string): Promise<IDBDatabase> {
  if (typeof indexedDB === 'undefined') return Promise.reject(new KeyStoreError('IndexedDB is not available here'))
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(name, 1)
    request.onupgradeneeded = () => request.result.createObjectStore(STORE)
    request.onsuccess = () => resolve(request.result)
    request.onerror = () => reject(new KeyStoreError(`cannot open IndexedDB "${name}"`, { cause: request.error }))
  })
}

function get<T>(db: IDBDatabase, id: string): Promise<T | undefined> {
  return transact(db, 'readonly', (store) => store.get(id)) as Promise<T | undefined>
}

async function put(db: IDBDatabase, id: string, value: unknown): Promise<void> {
  await transact(db, 'readwrite', (store) => store.put(value, id))
}

function transact(db: IDBDatabase, mode: IDBTransactionMode, run: (store: IDBObjectStore) => IDBRequest): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const transaction = db.transaction(STORE, mode)
    const request = run(transaction.objectStore(STORE))
    transaction.oncomplete = () => resolve(request.result)
    transaction.onerror = () => reject(new KeyStoreError('IndexedDB refused the operation', { cause: transaction.error }))
    transaction.onabort = () => reject(new KeyStoreError('IndexedDB aborted the operation', { cause: transaction.error }))
  })
}
