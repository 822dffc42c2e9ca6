/**
 * `pnpm demo`: the whole story in one terminal run. A storage service on an
 * ephemeral port with its SQLite store in a temporary directory; a wallet
 * signs in once; its session key uploads, then shares `/photos` read-only
 * with a 1 MB quota; a sub-agent uses the share until each limit stops it,
 * and then the owner revokes it. Every step prints the verifier's reason;
 * the exit code is 0 only if every outcome was the expected one.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createClient, fileStore, memoryStore } from '@capchain/client'
import { localWallet } from '@capchain/client/local-wallet'
import { startStorageService } from '../server/start.js'
import { narrator } from './narrator.js'

/** A well-known test key (not a secret): the demo wallet. */
const WALLET_SECRET = '4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318'
const MB = 1_000_000

async function main(): Promise<number> {
  const say = narrator()
  const dir = await mkdtemp(join(tmpdir(), 'capchain-demo-'))
  const service = await startStorageService({ dataDir: join(dir, 'service'), webDir: false })
  try {
    say.title('capchain demo: one wallet signature, then capabilities all the way down')
    say.note(`service ${service.url} · ${service.did}`)
    say.note(`state: SQLite in ${join(dir, 'service', 'state.db')} · files under ${join(dir, 'service', 'files')}`)

    const wallet = localWallet(WALLET_SECRET)
    const owner = await createClient({ service: service.url, store: fileStore(join(dir, 'owner')) })
    const agent = await createClient({ service: service.url, store: memoryStore() })
    const cat = new Uint8Array(600_000).fill(0xca)
    let grantCid = ''

    await say.step(`wallet ${wallet.address} signs in (one SIWE message, ReCap storage/*)`, 'allow', async () => {
      const session = await owner.signIn(wallet, { statement: 'Sign in to the capchain demo.' })
      const keyMode = ((await stat(join(dir, 'owner', 'key.json'))).mode & 0o777).toString(8)
      say.note(`session key ${owner.did} (key file mode ${keyMode}) · root ${session.cid}`)
      return `· ${wallet.signatures} wallet signature`
    })
    await say.step('the session key uploads /photos/cat.jpg (600 kB), /photos/thumb.jpg, /notes/todo.txt', 'allow', async () => {
      await owner.storage.put('/photos/cat.jpg', cat)
      await owner.storage.put('/photos/thumb.jpg', new Uint8Array(20_000).fill(0x7b))
      await owner.storage.put('/notes/todo.txt', 'water the plants\n')
      const listing = await owner.storage.list('/photos')
      return `· /photos holds ${listing.entries.map((entry) => entry.name).join(', ')} · no wallet prompt (${wallet.signatures} signature so far)`
    })
    await say.step('the owner shares /photos read-only, 1 MB quota, 1 hour, with a sub-agent', 'allow', async () => {
      const grant = await owner.delegate(agent.did, { paths: ['/photos'], ops: ['read', 'list'], maxBytes: MB, expiresIn: 3600 })
      grantCid = grant.cid
      await agent.importDelegation(grant.container)
      say.note(`sub-agent ${agent.did} · grant ${grant.cid} · ${grant.container.length} characters to hand over`)
    })
    await say.step('the sub-agent reads /photos/cat.jpg', 'allow', async () => {
      const file = await agent.storage.get('/photos/cat.jpg')
      const bytes = await file.bytes()
      return `· ${bytes.length} bytes, ${MB - bytes.length} bytes of quota left`
    })
    await say.step('the sub-agent writes /photos/new.jpg', { code: 'ERR_COMMAND_ESCALATION', why: 'operation: the grant is read-only' }, async () => {
      await agent.storage.put('/photos/new.jpg', 'not allowed')
    })
    await say.step('the sub-agent reads /notes/todo.txt', { code: 'ERR_POLICY_VIOLATION', why: 'path: outside /photos' }, async () => {
      await (await agent.storage.get('/notes/todo.txt')).bytes()
    })
    await say.step('the sub-agent reads /photos/cat.jpg again (1.2 MB in total)', { code: 'ERR_CAP_EXCEEDED', why: 'quota: 1 MB' }, async () => {
      await (await agent.storage.get('/photos/cat.jpg')).bytes()
    })
    await say.step('the owner revokes the grant (signed by the session key, no wallet prompt)', 'allow', async () => {
      const receipt = await owner.revoke(grantCid)
      return `· ${receipt.revoked} recorded`
    })
    await say.step('the sub-agent reads /photos/thumb.jpg (20 kB, within the quota)', { code: 'ERR_REVOKED', why: 'revoked' }, async () => {
      await (await agent.storage.get('/photos/thumb.jpg')).bytes()
    })

    const oneSignature = wallet.signatures === 1
    say.title(
      `${say.steps - say.failures} of ${say.steps} steps as expected · ${wallet.signatures} wallet signature in all` +
        (say.failures === 0 && oneSignature ? ' · every expectation held' : ' · EXPECTATIONS FAILED'),
    )
    return say.failures === 0 && oneSignature ? 0 : 1
  } finally {
    await service.close()
    await rm(dir, { recursive: true, force: true })
  }
}

process.exitCode = await main()
