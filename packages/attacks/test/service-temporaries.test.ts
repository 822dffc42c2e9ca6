/**
 * Review item 8 (issue 14): `%upload-*` temporaries orphaned by a crash were
 * never removed. They are swept when the service starts, before it listens
 * (so none can be an upload in flight); stored files stay.
 */
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { TEMPORARY_PREFIX } from '@capchain/storage-service'
import { afterAll, describe, expect, it } from 'vitest'
import { startServiceUnderAttack } from './support/http.js'

const dataDir = await mkdtemp(join(tmpdir(), 'capchain-attack-temporaries-'))
afterAll(() => rm(dataDir, { recursive: true, force: true }))

describe('temporaries a crash left behind', () => {
  it('are removed at start, at any depth; stored files, and names that merely contain "upload", are kept', async () => {
    const subject = join(dataDir, 'files', encodeURIComponent('did:pkh:eip155:1:0x2c7536E3605D9C16a7a3D7b1898e529396a65c23'))
    await mkdir(join(subject, 'photos', '2024'), { recursive: true })
    await writeFile(join(subject, `${TEMPORARY_PREFIX}0123456789abcdef`), new Uint8Array(1024))
    await writeFile(join(subject, 'photos', '2024', `${TEMPORARY_PREFIX}fedcba9876543210`), new Uint8Array(1024))
    await writeFile(join(subject, 'photos', 'cat.jpg'), 'cat')
    await writeFile(join(subject, 'photos', 'upload-notes.txt'), 'notes')

    const service = await startServiceUnderAttack({ dataDir })
    try {
      const left = (await readdir(subject, { recursive: true })).sort()
      expect(left).toEqual(['photos', 'photos/2024', 'photos/cat.jpg', 'photos/upload-notes.txt'])
    } finally {
      await service.close()
    }
  })
})
