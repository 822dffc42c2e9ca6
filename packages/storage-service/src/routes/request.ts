import type { HttpBindings } from '@hono/node-server'
import type { Context } from 'hono'
import type { DID } from '@capchain/core/principal'
import { assertStoragePath, authorizeStorageRequest, recheckRevocation } from '@capchain/storage'
import type { StorageAuthorization, StorageOp } from '@capchain/storage'
import type { ServiceContext } from '../context.js'
import { MethodNotAllowedError } from '../errors.js'
import { readCredentials } from '@capchain/guard'
import type { Credentials } from '@capchain/guard'
import { valueOrDenial } from '../http/checked-chain.js'
import { refuse } from '../http/respond.js'
import { storagePathOf } from '../http/url-path.js'

export type Ctx = Context<{ Bindings: HttpBindings }>

/**
 * One storage request: its credentials and its path, read and checked
 * before `serve` runs (the path must be canonical before anything touches
 * the file system); anything `serve` throws is refused with the
 * explanation of the credentials' chain. `HEAD`, which Hono routes to the
 * `GET` handler and whose body it drops, is refused first: it would be
 * charged and deliver nothing.
 */
export async function handle(
  c: Ctx,
  service: ServiceContext,
  prefix: string,
  serve: (credentials: Credentials, path: string) => Promise<Response>,
): Promise<Response> {
  let credentials: Credentials | undefined
  try {
    if (c.req.method === 'HEAD') {
      c.header('Allow', ALLOWED[prefix] ?? 'GET')
      throw new MethodNotAllowedError('HEAD', ALLOWED[prefix] ?? 'GET')
    }
    credentials = readCredentials(c.req.header('authorization'), service.maxHeaderBytes)
    const path = storagePathOf(c.env.incoming.url ?? '', prefix)
    assertStoragePath(path, 'url')
    return await serve(credentials, path)
  } catch (error) {
    return refuse(c, error, service.explain, credentials)
  }
}

/** The methods each storage route serves, for `Allow`. */
const ALLOWED: Readonly<Record<string, string>> = { '/files': 'GET, PUT, DELETE', '/list': 'GET' }

/** A request the chain allowed, and when it was checked. */
export interface Authorized extends StorageAuthorization {
  /** Unix seconds: the `now` of the check. */
  readonly checkedAt: number
}

/**
 * The chain check for one request, reserving what it will consume. The
 * invocation's subject must be one the service serves (subjects/admission.ts),
 * which the guard asks first: the verifier then proves it is the chain's subject.
 * `size` is what the request moves, or, for bytes known only by looking,
 * the `measure` that looks once the chain is verified (`StorageRequest.measure`).
 * @throws {CapchainError} the denial, as `authorizeStorageRequest` returns it (its chain kept for the refusal);
 *   `SubjectNotAdmittedError` for a subject the service does not serve (nothing checked, nothing reserved)
 */
export async function authorize(
  service: ServiceContext,
  credentials: Credentials,
  op: StorageOp,
  path: string,
  size?: number | ((subject: DID) => Promise<number>),
): Promise<Authorized> {
  const checkedAt = service.now()
  const result = await authorizeStorageRequest({
    ...chainOf(service, credentials),
    admit: service.admit,
    now: checkedAt,
    op,
    path,
    ...(size === undefined ? {} : typeof size === 'number' ? { size } : { measure: size }),
  })
  return { ...valueOrDenial(credentials, result), checkedAt }
}

/**
 * Whether the chain of a request authorized at `checkedAt` is still not
 * revoked, asked right before a long operation takes effect.
 * @throws {RevokedError} a link was revoked since (or another denial of the same check)
 */
export async function stillAuthorized(service: ServiceContext, credentials: Credentials, checkedAt: number): Promise<void> {
  valueOrDenial(credentials, await recheckRevocation({ ...chainOf(service, credentials), now: checkedAt }))
}

function chainOf(service: ServiceContext, credentials: Credentials) {
  return {
    invocation: credentials.invocation,
    proofs: [...credentials.proofs],
    service: service.did,
    store: service.store,
    verifier: service.verifier,
  }
}
