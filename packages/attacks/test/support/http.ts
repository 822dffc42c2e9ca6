/**
 * The storage service under attack over HTTP: `startStorageService` on
 * 127.0.0.1 with its SQLite store in a fresh directory, the victim signed in
 * with a real SIWE root for the service's own domain, and requests sent with
 * `fetch` exactly as an attacker would send them.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { encodeContainerString, generateSigner } from '@capchain/core'
import type { Delegation, DID, Invocation, Signer } from '@capchain/core'
import { createSiweRoot } from '@capchain/siwe'
import type { RootCapability, SiweRoot } from '@capchain/siwe'
import { createStorageInvocation } from '@capchain/storage'
import type { StorageOp } from '@capchain/storage'
import { startStorageService } from '@capchain/storage-service'
import type { RunningStorageService, StorageServiceOptions } from '@capchain/storage-service'
import { personalSign, VICTIM } from './siwe.js'
import type { Wallet } from './siwe.js'

export interface ServiceUnderAttack extends RunningStorageService {
  readonly dataDir: string
  /** `host:port`, the SIWE domain the service trusts. */
  readonly domain: string
  /** Stops the service and deletes its directory. */
  stop(): Promise<void>
}

/** A real service on an ephemeral loopback port, SQLite store, no web page. */
export async function startServiceUnderAttack(options: Partial<StorageServiceOptions> = {}): Promise<ServiceUnderAttack> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'capchain-attack-')))
  const service = await startStorageService({ webDir: false, ...options, dataDir })
  return {
    ...service,
    dataDir,
    domain: new URL(service.url).host,
    async stop() {
      await service.close()
      await rm(dataDir, { recursive: true, force: true })
    },
  }
}

export interface HttpSession {
  readonly wallet: Wallet
  readonly key: Signer
  readonly root: SiweRoot
  /** The wallet's did:pkh: the subject of every chain it roots. */
  readonly subject: DID
}

/** The wallet signs one SIWE root for `domain`, delegating `capabilities` (default `/storage`) to a fresh session key. */
export async function signInOverHttp(
  domain: string,
  options: { readonly capabilities?: readonly RootCapability[]; readonly wallet?: Wallet; readonly expiresIn?: number } = {},
): Promise<HttpSession> {
  const who = options.wallet ?? VICTIM
  const key = await generateSigner('Ed25519')
  const now = Math.floor(Date.now() / 1000)
  const root = await createSiweRoot({
    domain,
    address: who.address,
    chainId: 1,
    uri: key.did(),
    issuedAt: new Date(now * 1000),
    expirationTime: new Date((now + (options.expiresIn ?? 3600)) * 1000),
    capabilities: options.capabilities ?? [{ command: '/storage', policy: [] }],
    signMessage: async (message) => personalSign(message, who),
  })
  return { wallet: who, key, root, subject: who.did }
}

export interface HttpInvocationInput {
  readonly op: StorageOp
  readonly path: string
  readonly size?: number
  readonly service: DID
  readonly expiration?: number
  readonly issuer?: Signer
  /** Delegations between the root and the invoker, root first. */
  readonly chain?: readonly Delegation[]
}

/** An invocation under the session's root, and the `Authorization` header that carries it with `root` (default: the session's CACAO). */
export async function invokeOverHttp(
  session: HttpSession,
  input: HttpInvocationInput,
  root: Uint8Array = session.root.cacao,
): Promise<{ invocation: Invocation; header: string }> {
  const chain = input.chain ?? []
  const invocation = await createStorageInvocation({
    issuer: input.issuer ?? session.key,
    service: input.service,
    op: input.op,
    path: input.path,
    ...(input.size === undefined ? {} : { size: input.size }),
    chain,
    root: session.root.cid,
    subject: session.subject,
    expiration: input.expiration ?? Math.floor(Date.now() / 1000) + 300,
  })
  return { invocation, header: authorizationHeader([invocation.bytes, root, ...chain.map((link) => link.bytes)]) }
}

/** `UCAN <container>` over `tokens` (base64url, uncompressed). */
export function authorizationHeader(tokens: readonly Uint8Array[]): string {
  return `UCAN ${encodeContainerString(tokens)}`
}

/** The URL of a storage path on the service (`route` `files` or `list`). */
export function routeUrl(service: { readonly url: string }, route: 'files' | 'list', path: string): string {
  return new URL(`${route}${path.split('/').map(encodeURIComponent).join('/')}`, service.url).toString()
}

/** The stable `code` of a refusal's problem body, or `undefined` for a success. */
export async function refusalCode(response: Response): Promise<string | undefined> {
  if (response.ok) {
    await response.body?.cancel()
    return undefined
  }
  const body = (await response.json()) as { code?: string }
  return body.code
}
