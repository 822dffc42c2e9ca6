/**
 * `pnpm demo:scale`: one service as three instances (processes) on one
 * PostgreSQL, sharing the service key and the files directory, behind a
 * balancer that spreads the client SDK's requests over them. A cap shared
 * by all three runs out at exactly its limit, a revocation sent to one is
 * refused by the other two on the next request, and an instance killed
 * mid-upload loses nothing. The exit code is 0 only if every outcome was
 * the expected one.
 */
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createClient, memoryStore, ServiceError, writeKeyFile } from '@capchain/client'
import type { CapchainClient } from '@capchain/client'
import { localWallet } from '@capchain/client/local-wallet'
import { generateSigner } from '@capchain/core/principal'
import { openPostgresStore } from '@capchain/store-postgres'
import { TEMPORARY_PREFIX } from '../files/layout.js'
import { narrator } from './narrator.js'
import { balancer } from './scale-balancer.js'
import { startInstance } from './scale-instance.js'
import type { Instance } from './scale-instance.js'
import { startDemoPostgres } from './scale-postgres.js'

/** A well-known test key (not a secret): the demo wallet. */
const WALLET_SECRET = '4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318'
/** The name clients reach the service by; every instance accepts sign-ins for it. */
const DOMAIN = 'storage.capchain.demo'
const NAMES = ['A', 'B', 'C'] as const
const KB = 1000

async function main(): Promise<number> {
  const say = narrator()
  const dir = await mkdtemp(join(tmpdir(), 'capchain-demo-scale-'))
  const filesDir = join(dir, 'files')
  const started = Date.now()
  const postgres = await startDemoPostgres()
  const instances: Instance[] = []
  try {
    const keyFile = join(dir, 'service.key')
    await writeKeyFile(keyFile, await generateSigner('Ed25519'))
    // The instances run the way this demo runs: the build (node dist/…), or the sources under tsx in the tests.
    const bin = fileURLToPath(new URL(import.meta.url.endsWith('.ts') ? '../bin.ts' : '../bin.js', import.meta.url))
    instances.push(
      ...(await Promise.all(
        NAMES.map((_, i) =>
          startInstance({
            command: [process.execPath, ...process.execArgv, bin],
            dataDir: join(dir, `instance-${NAMES[i]}`),
            storeUrl: postgres.url,
            filesDir,
            key: { file: keyFile },
            domain: DOMAIN,
          }),
        ),
      )),
    )
    const ledger = await openPostgresStore({ url: postgres.url, poolSize: 1 })
    const lb = balancer(instances.map((instance) => instance.url))
    const by = () => `served by ${lb.served().map((i) => NAMES[i]).join(' ')}`
    const connect = (): Promise<CapchainClient> => createClient({ service: `http://${DOMAIN}/`, domain: DOMAIN, store: memoryStore(), fetch: lb.fetch })

    say.title('capchain demo:scale — one service, three instances, one PostgreSQL')
    say.note(`PostgreSQL (embedded) and 3 instances up in ${((Date.now() - started) / 1000).toFixed(1)} s; every instance is did ${instances[0]!.did}`)
    instances.forEach((instance, i) => say.note(`instance ${NAMES[i]} at ${instance.url} (pid ${instance.process.pid})`))
    say.note(`shared: state in PostgreSQL · key ${keyFile} · files under ${filesDir}`)

    const wallet = localWallet(WALLET_SECRET)
    const owner = await connect()
    const agent = await connect()
    const reader = await connect()
    const cat = new Uint8Array(300 * KB).fill(0xca)
    let capCid = ''
    let shareCid = ''

    await say.step(`wallet ${wallet.address} signs in once for ${DOMAIN}`, 'allow', async () => {
      lb.served()
      await owner.signIn(wallet, { statement: 'Sign in to the capchain scale demo.' })
      await owner.storage.put('/photos/cat.jpg', cat)
      await owner.storage.put('/notes/todo.txt', 'water the plants\n')
      return `· uploads /photos/cat.jpg and /notes/todo.txt · ${by()}`
    })
    await say.step('the owner lets an agent write to /inbox, 1 MB in total, whichever instance it reaches', 'allow', async () => {
      const grant = await owner.delegate(agent.did, { paths: ['/inbox'], ops: ['write'], maxBytes: 1000 * KB, expiresIn: 3600 })
      capCid = grant.cid
      await agent.importDelegation(grant.container)
      return `· grant ${grant.cid}`
    })
    await say.step('the agent sends 12 uploads of 100 kB at once, spread over A, B and C', 'allow', async () => {
      lb.served()
      const results = await Promise.allSettled(Array.from({ length: 12 }, (_, i) => agent.storage.put(`/inbox/${i}.bin`, new Uint8Array(100 * KB).fill(i))))
      const stored = results.filter((result) => result.status === 'fulfilled').length
      const refused = results.flatMap((result) => (result.status === 'rejected' && result.reason instanceof ServiceError ? [result.reason.code] : []))
      const usage = (await ledger.ledger.usage([capCid])).get(capCid)
      if (stored !== 10 || refused.length !== 2 || refused.some((code) => code !== 'ERR_CAP_EXCEEDED') || usage?.bytes !== 1000 * KB) {
        throw new Error(`expected 10 stored and 2 refused with ERR_CAP_EXCEEDED, the cap charged 1,000,000 bytes: got ${stored} stored, ${refused.join(', ')}, ${usage?.bytes} bytes`)
      }
      return `· 10 stored, 2 refused ERR_CAP_EXCEEDED · ledger ${usage.bytes.toLocaleString('en')} of 1,000,000 bytes · ${by()}`
    })
    await say.step('the agent uploads 1 byte more, through the next instance', { code: 'ERR_CAP_EXCEEDED', why: 'the cap ran out on all three' }, async () => {
      await agent.storage.put('/inbox/one-more.bin', new Uint8Array(1))
    })

    await say.step('the owner shares /photos read-only with a reader, who reads cat.jpg through B', 'allow', async () => {
      const grant = await owner.delegate(reader.did, { paths: ['/photos'], ops: ['read'], expiresIn: 3600 })
      shareCid = grant.cid
      await reader.importDelegation(grant.container)
      lb.pin = 1
      lb.served()
      const bytes = await (await reader.storage.get('/photos/cat.jpg')).bytes()
      return `· ${bytes.length} bytes · ${by()}`
    })
    await say.step('the owner revokes the share through instance A', 'allow', async () => {
      lb.pin = 0
      lb.served()
      const receipt = await owner.revoke(shareCid)
      return `· ${receipt.revoked} recorded · ${by()}`
    })
    for (const pin of [1, 2]) {
      await say.step(`the reader reads cat.jpg through ${NAMES[pin]}, right after`, { code: 'ERR_REVOKED', why: 'every instance reads the revocation table' }, async () => {
        lb.pin = pin
        await (await reader.storage.get('/photos/cat.jpg')).bytes()
      })
    }

    const video = new Uint8Array(8000 * KB).map((_, i) => i % 251)
    await say.step('the owner uploads /videos/trip.mp4 (8 MB) through C, and C is killed (SIGKILL) halfway', 'allow', async () => {
      lb.pin = 2
      const upload = owner.storage.put('/videos/trip.mp4', halfThenStall(video), { size: video.length }).then(
        () => 'stored',
        (error: unknown) => error,
      )
      await untilTemporaryIn(filesDir)
      instances[2]!.process.kill('SIGKILL')
      const outcome = await upload
      if (outcome === 'stored') throw new Error('the upload completed before C was killed')
      lb.takeOut(2)
      lb.pin = undefined
      return `· the upload broke: ${(outcome as Error).message} · C exited with ${String(await instances[2]!.exited)}`
    })
    await say.step('A and B show nothing partial, and everything stored before', 'allow', async () => {
      lb.served()
      const videos = await owner.storage.list('/videos')
      const inbox = await owner.storage.list('/inbox')
      const again = await (await owner.storage.get('/photos/cat.jpg')).bytes()
      if (videos.entries.length !== 0 || inbox.entries.length !== 10 || again.length !== cat.length) {
        throw new Error(`expected /videos empty, 10 files in /inbox, cat.jpg whole: got ${videos.entries.length}, ${inbox.entries.length}, ${again.length} bytes`)
      }
      return `· /videos lists no file · /inbox 10 files · cat.jpg whole · ${by()}`
    })
    await say.step('the owner uploads the video again; it is read back whole through the other instance', 'allow', async () => {
      lb.served()
      await owner.storage.put('/videos/trip.mp4', video)
      const back = await (await owner.storage.get('/videos/trip.mp4')).bytes()
      if (back.length !== video.length || back.some((byte, i) => byte !== video[i])) throw new Error('the video read back differs')
      return `· ${back.length.toLocaleString('en')} bytes, identical · ${by()}`
    })
    await ledger.close()

    say.title(`${say.steps - say.failures} of ${say.steps} steps as expected` + (say.failures === 0 ? ' · every expectation held' : ' · EXPECTATIONS FAILED'))
    return say.failures === 0 ? 0 : 1
  } finally {
    await Promise.all(instances.map((instance) => instance.stop()))
    await postgres.dispose()
    await rm(dir, { recursive: true, force: true })
  }
}

/** A body that sends the first half of `bytes`, then waits forever: an upload caught midway. */
function halfThenStall(bytes: Uint8Array): ReadableStream<Uint8Array> {
  let offset = 0
  const half = bytes.length / 2
  return new ReadableStream({
    pull(controller) {
      if (offset >= half) return new Promise<void>(() => undefined)
      const chunk = bytes.subarray(offset, Math.min(offset + 64 * KB, half))
      offset += chunk.length
      controller.enqueue(chunk)
      return undefined
    },
  })
}

/**
 * Resolves once an upload's temporary file holds some bytes under `root`.
 * @throws {Error} none within 30 seconds
 */
async function untilTemporaryIn(root: string): Promise<void> {
  const deadline = Date.now() + 30_000
  while (Date.now() < deadline) {
    const entries = await readdir(root, { recursive: true, withFileTypes: true })
    for (const entry of entries.filter((e) => e.isFile() && e.name.startsWith(TEMPORARY_PREFIX))) {
      if ((await stat(join(entry.parentPath, entry.name)).catch(() => undefined))?.size) return
    }
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  throw new Error('no upload reached the files directory within 30 s')
}

process.exitCode = await main()
