/**
 * Key files: one did:key principal's secret, as JSON.
 *
 * ```json
 * { "type": "capchain-key", "version": 1, "keyType": "Ed25519",
 *   "did": "did:key:z6Mk…", "secret": "<base64 multikey secret>" }
 * ```
 *
 * `secret` is the multikey secret of `Signer.exportSecret()` (varint codec
 * 0x1300 / 0x1301 / 0x1306, then the 32-byte key) in padded standard
 * base64. `did` and `keyType` are redundant with it and checked against it
 * when the file is read, so a damaged file is refused rather than used as
 * another key. The secret is never printed: no message here quotes the
 * file's content.
 */
import { randomBytes } from 'node:crypto'
import { link, open, rename, stat, unlink } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { importSigner } from '@capchain/core'
import type { DID, KeyType, Signer } from '@capchain/core'
import { fromString } from 'uint8arrays/from-string'
import { toString } from 'uint8arrays/to-string'
import { readInput } from './read-input.js'
import { UsageError } from './usage-error.js'

/** The `type` of every key file. */
const KEY_FILE_TYPE = 'capchain-key'
/** The format version written and read. */
const KEY_FILE_VERSION = 1

/** A key file as stored. */
interface KeyFile {
  readonly type: typeof KEY_FILE_TYPE
  readonly version: typeof KEY_FILE_VERSION
  readonly keyType: KeyType
  readonly did: DID
  readonly secret: string
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/

/**
 * Write `signer`'s key file at `path`, readable by its owner only (0600)
 * from the moment it exists: the JSON goes to a temporary file created 0600
 * in the same directory, which then takes the final name (a hard link,
 * which fails if `path` exists, or with `force` a rename, which replaces it).
 *
 * @throws {UsageError} `path` exists (without `force`), or its directory cannot be written
 */
export async function writeKeyFile(path: string, signer: Signer, options: { force: boolean }): Promise<void> {
  const file: KeyFile = {
    type: KEY_FILE_TYPE,
    version: KEY_FILE_VERSION,
    keyType: signer.keyType,
    did: signer.did(),
    secret: toString(signer.exportSecret(), 'base64pad'),
  }
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`)
  try {
    await writePrivate(temporary, JSON.stringify(file, null, 2) + '\n')
    await (options.force ? rename(temporary, path) : link(temporary, path))
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code
    if (code === 'EEXIST' && !options.force) throw new UsageError(`${path} already exists; pass --force to replace it`)
    throw new UsageError(`cannot write the key file ${path}: ${code ?? (cause as Error).message}`)
  } finally {
    await unlink(temporary).catch(() => undefined)
  }
}

/** Create `path` (which must not exist) with mode 0600, write `text` and flush it to disk. */
async function writePrivate(path: string, text: string): Promise<void> {
  const handle = await open(path, 'wx', 0o600)
  try {
    await handle.chmod(0o600) // exactly 0600, whatever the umask
    await handle.writeFile(text)
    await handle.sync()
  } finally {
    await handle.close()
  }
}

/**
 * Read a key file (or `-` for standard input) and return its signer.
 * `warn` is told when the file is readable by other users.
 *
 * @throws {UsageError} the file cannot be read, is not a key file, or its fields disagree with its secret
 */
export async function readKeyFile(path: string, warn: (text: string) => void): Promise<Signer> {
  const bytes = await readInput(path)
  const notKey = (why: string) => new UsageError(`${path} is not a usable capchain key file: ${why}`)
  let file: Partial<KeyFile>
  try {
    file = JSON.parse(new TextDecoder().decode(bytes)) as Partial<KeyFile>
  } catch {
    // JSON.parse quotes the text it failed on; the text may hold a secret.
    throw notKey('it is not JSON')
  }
  if (file === null || typeof file !== 'object' || file.type !== KEY_FILE_TYPE) throw notKey(`"type" is not "${KEY_FILE_TYPE}"`)
  if (file.version !== KEY_FILE_VERSION) throw notKey(`unsupported "version" (this capchain reads version ${KEY_FILE_VERSION})`)
  if (typeof file.secret !== 'string' || !BASE64.test(file.secret)) throw notKey('"secret" is not base64')
  let signer: Signer
  try {
    signer = importSigner(fromString(file.secret.replace(/=+$/, ''), 'base64'))
  } catch (error) {
    throw notKey(`"secret" is not a key: ${(error as Error).message}`)
  }
  if (signer.did() !== file.did || signer.keyType !== file.keyType) throw notKey('"did" or "keyType" does not match "secret" (is the file damaged?)')
  if (path !== '-') await warnIfShared(path, warn)
  return signer
}

async function warnIfShared(path: string, warn: (text: string) => void): Promise<void> {
  const { mode } = await stat(path)
  if ((mode & 0o077) !== 0 && process.platform !== 'win32') {
    warn(`warning: the key file ${path} is readable by other users (mode ${(mode & 0o777).toString(8)}); run chmod 600 ${path}`)
  }
}
