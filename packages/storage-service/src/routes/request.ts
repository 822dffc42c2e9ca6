import type { HttpBindings } from '@hono/node-server'
import type { Context } from 'hono'
import { assertStoragePath, authorizeStorageRequest } from '@capchain/storage'
import type { StorageAuthorization, StorageOp } from '@capchain/storage'
import type { ServiceContext } from '../context.js'
import { readCredentials } from '../http/credentials.js'
import type { Credentials } from '../http/credentials.js'
import { valueOrDenial } from '../http/checked-chain.js'
import { refuse } from '../http/respond.js'
import { storagePathOf } from '../http/url-path.js'

export type Ctx = Context<{ Bindings: HttpBindings }>

/**
 * One storage request: its credentials and its path, read and checked
 * before `serve` runs (the path must be canonical before anything touches
 * the file system); anything `serve` throws is refused with the
 * explanation of the credentials' chain.
 */
export async function handle(
  c: Ctx,
  service: ServiceContext,
  prefix: string,
  serve: (credentials: Credentials, path: string) => Promise<Response>,
): Promise<Response> {
  let credentials: Credentials | undefined
  try {
    credentials = readCredentials(c.req.header('authorization'))
    const path = storagePathOf(c.env.incoming.url ?? '', prefix)
    assertStoragePath(path, 'url')
    return await serve(credentials, path)
  } catch (error) {
    return refuse(c, error, service.explain, credentials)
  }
}

/**
 * The chain check for one request, reserving what it will consume.
 * @throws {CapchainError} the denial, as `authorizeStorageRequest` returns it (its chain kept for the refusal)
 */
export async function authorize(service: ServiceContext, credentials: Credentials, op: StorageOp, path: string, size?: number): Promise<StorageAuthorization> {
  const result = await authorizeStorageRequest({
    invocation: credentials.invocation,
    proofs: [...credentials.proofs],
    service: service.did,
    store: service.store,
    verifier: service.verifier,
    now: service.now(),
    op,
    path,
    ...(size === undefined ? {} : { size }),
  })
  return valueOrDenial(credentials, result)
}
