/**
 * Signed-in sessions and hand-made requests, for tests that need
 * credentials the client would never build (another audience, a tampered
 * signature, a replay).
 */
import { encodeContainerString, generateSigner } from '@capchain/core'
import type { DID, Invocation, Signer } from '@capchain/core'
import { createSiweSession } from '@capchain/siwe'
import type { SiweSession } from '@capchain/siwe'
import { createStorageInvocation } from '@capchain/storage'
import type { StorageOp } from '@capchain/storage'
import { testWallet } from './wallet.js'
import type { TestWallet } from './wallet.js'

export interface Session {
  readonly wallet: TestWallet
  readonly session: SiweSession
}

/** A wallet signed in for `domain` (the service's `host:port`), its root granting `/storage`. */
export async function signIn(domain: string, privateKey?: `0x${string}`): Promise<Session> {
  const wallet = testWallet(privateKey)
  const session = await createSiweSession({
    provider: wallet,
    domain,
    abilities: [{ command: '/storage', policy: [] }],
    expiresIn: 3600,
    sessionKey: await generateSigner('Ed25519'),
  })
  return { wallet, session }
}

export interface InvocationInput {
  readonly op: StorageOp
  readonly path: string
  readonly size?: number
  readonly service: DID
  readonly expiration?: number
  readonly issuer?: Signer
}

/** An invocation directly under the session's root, and its `Authorization` header. */
export async function invoke(session: SiweSession, input: InvocationInput): Promise<{ invocation: Invocation; header: string }> {
  const invocation = await createStorageInvocation({
    issuer: input.issuer ?? session.key,
    service: input.service,
    op: input.op,
    path: input.path,
    ...(input.size === undefined ? {} : { size: input.size }),
    chain: [],
    root: session.root.cid,
    subject: session.subject,
    expiration: input.expiration ?? Math.floor(Date.now() / 1000) + 300,
  })
  return { invocation, header: header([invocation.bytes, session.root.cacao]) }
}

export function header(tokens: readonly Uint8Array[]): string {
  return `UCAN ${encodeContainerString(tokens)}`
}

/** The route of a storage path on a service. */
export function url(service: { readonly url: string }, route: 'files' | 'list', path: string): string {
  return new URL(`${route}${path.split('/').map(encodeURIComponent).join('/')}`, service.url).toString()
}
