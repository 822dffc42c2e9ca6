/**
 * Node key storage: the client's key in a `capchain keygen`-format file,
 * mode 0600 in a 0700 directory from the moment it exists, reloaded as the
 * same DID, and refused when damaged or readable by others.
 */
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateSigner } from '@capchain/core'
import { InvalidKeyFileError } from '@capchain/core/key-file'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { fileStore, KeyStoreError, readKeyFile, writeKeyFile } from '../src/index.js'

let dir: string
const mode = async (path: string) => (await stat(path)).mode & 0o777

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'capchain-client-keys-'))
})
afterEach(() => rm(dir, { recursive: true, force: true }))

describe('fileStore', () => {
  it('creates the key file 0600 in a 0700 directory, and loads the same key again', async () => {
    const home = join(dir, 'client')
    const key = await fileStore(home).key()
    expect(await mode(join(home, 'key.json'))).toBe(0o600)
    expect(await mode(home)).toBe(0o700)
    const file = JSON.parse(await readFile(join(home, 'key.json'), 'utf8')) as Record<string, unknown>
    expect(file).toMatchObject({ type: 'capchain-key', version: 1, keyType: 'Ed25519', did: key.did() })
    expect((await fileStore(home).key()).did()).toBe(key.did())
  })

  it('saves its records 0600 and reads them back', async () => {
    const store = fileStore(dir)
    expect(await store.load()).toBeUndefined()
    const records = { version: 1 as const, sessions: [], issued: [], imported: [] }
    await store.save(records)
    expect(await mode(join(dir, 'records.json'))).toBe(0o600)
    expect(await fileStore(dir).load()).toEqual(records)
  })
})

describe('key files', () => {
  it('round-trips a key, written 0600, replacing a file that was not', async () => {
    const signer = await generateSigner('Ed25519')
    const path = join(dir, 'k.json')
    await writeFile(path, 'old', { mode: 0o644 })
    await writeKeyFile(path, signer)
    expect(await mode(path)).toBe(0o600)
    expect((await readKeyFile(path))?.did()).toBe(signer.did())
    expect(await readKeyFile(join(dir, 'absent.json'))).toBeUndefined()
  })

  it('refuses a key file other users can read', async () => {
    const path = join(dir, 'k.json')
    await writeKeyFile(path, await generateSigner('Ed25519'))
    await chmod(path, 0o644)
    await expect(readKeyFile(path)).rejects.toThrow(KeyStoreError)
    await expect(readKeyFile(path)).rejects.toThrow(/readable by other users/)
  })

  it('refuses a damaged key file without quoting it', async () => {
    const path = join(dir, 'k.json')
    await writeKeyFile(path, await generateSigner('Ed25519'))
    const file = JSON.parse(await readFile(path, 'utf8')) as Record<string, string>
    await writeFile(path, JSON.stringify({ ...file, did: 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK' }), { mode: 0o600 })
    await expect(readKeyFile(path)).rejects.toMatchObject({
      code: 'ERR_KEY_STORE',
      at: 'did',
      message: `${path} is not a usable capchain key file: "did" or "keyType" does not match "secret" (is the file damaged?)`,
      cause: expect.any(InvalidKeyFileError),
    })
    await writeFile(path, `{"secret": "${file.secret}"`, { mode: 0o600 })
    const error = (await readKeyFile(path).catch((e: unknown) => e)) as Error
    expect(error).toBeInstanceOf(KeyStoreError)
    expect(error.message).toBe(`${path} is not a usable capchain key file: it is not JSON`)
    expect(JSON.stringify(error)).not.toContain(file.secret)
  })
})
