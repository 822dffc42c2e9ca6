/**
 * A files directory shared by several instances (`filesDir`): at start an
 * instance removes only the temporary uploads no one has written to for
 * longer than a request may last (another instance may be receiving a
 * fresh one), while in its own directory every temporary is a crash's
 * leftover (the near miss: the same fresh file is removed there).
 */
import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { REQUEST_TIMEOUT_MS, startStorageService, TEMPORARY_PREFIX } from '../src/index.js'

const dir = await mkdtemp(join(tmpdir(), 'capchain-shared-files-'))
afterAll(() => rm(dir, { recursive: true, force: true }))

/** A subject directory with a stored file, a fresh temporary and one abandoned just over the request timeout ago. */
async function seed(filesDir: string): Promise<string> {
  const subject = join(filesDir, encodeURIComponent('did:pkh:eip155:1:0x2c7536E3605D9C16a7a3D7b1898e529396a65c23'), 'photos')
  await mkdir(subject, { recursive: true })
  await writeFile(join(subject, 'cat.jpg'), 'cat')
  await writeFile(join(subject, `${TEMPORARY_PREFIX}fresh`), 'in flight on another instance')
  await writeFile(join(subject, `${TEMPORARY_PREFIX}abandoned`), 'left by a crash')
  const then = (Date.now() - REQUEST_TIMEOUT_MS - 5_000) / 1000
  await utimes(join(subject, `${TEMPORARY_PREFIX}abandoned`), then, then)
  return subject
}

it('in a shared directory, removes only temporaries untouched for longer than a request may last', async () => {
  const filesDir = join(dir, 'shared')
  const subject = await seed(filesDir)
  const service = await startStorageService({ dataDir: join(dir, 'instance'), filesDir, webDir: false })
  try {
    expect((await readdir(subject)).sort()).toEqual([`${TEMPORARY_PREFIX}fresh`, 'cat.jpg'])
  } finally {
    await service.close()
  }
})

it('in its own directory, removes every temporary found before it listens', async () => {
  const dataDir = join(dir, 'own')
  const subject = await seed(join(dataDir, 'files'))
  const service = await startStorageService({ dataDir, webDir: false })
  try {
    expect(await readdir(subject)).toEqual(['cat.jpg'])
  } finally {
    await service.close()
  }
})
