import type { Signer } from '@capchain/core/principal'
import type { DID } from '@capchain/core/principal'
import { createStorageInvocation } from '@capchain/storage'
import type { StorageOp } from '@capchain/storage'
import { chainFor, proofTokens } from '../authority/authority.js'
import type { Authority } from '../authority/authority.js'
import { ClientInputError } from '../errors.js'
import { containerOf } from '../tokens.js'
import { authorizationHeader, expectOk, json, parseJson, send } from '../transport/http.js'
import { routeFor } from '../transport/paths.js'
import { withProgress } from '../transport/progress.js'
import { bodySize, upload } from '../transport/upload.js'
import type { ListResult, PutResult, StorageApi, StorageFile } from './interface.js'
import { readCeiling } from './size-ceiling.js'

/** How long an invocation is valid: it is signed right before it is sent. */
export const INVOCATION_LIFETIME = 300

/** What the storage calls need from the client. */
export interface StorageContext {
  readonly base: URL
  readonly fetch: typeof fetch
  key(): Promise<Signer>
  service(): Promise<DID>
  /** The client's clock, Unix seconds: each invocation's `iat`, and its `exp` from there. @throws {ClientInputError} */
  now(): number
  /** The authority to act with for `op`. @throws {NoAuthorityError} */
  authority(op: StorageOp): Authority
}

/** The storage API over `context`. */
export function storageApi(context: StorageContext): StorageApi {
  /** `Authorization` header for one invocation of `op` on `path`. */
  async function authorize(op: StorageOp, path: string, size?: number): Promise<Record<string, string>> {
    const authority = context.authority(op)
    const chain = chainFor(authority, op)
    const now = context.now()
    const invocation = await createStorageInvocation({
      issuer: await context.key(),
      service: await context.service(),
      op,
      path,
      ...(size === undefined ? {} : { size }),
      chain,
      ...(authority.root === undefined ? {} : { root: authority.root.cid }),
      subject: authority.subject,
      expiration: now + INVOCATION_LIFETIME,
      issuedAt: now,
    })
    return { authorization: authorizationHeader(containerOf([invocation.bytes, ...proofTokens(authority, chain)])) }
  }

  return {
    async put(path, body, options = {}): Promise<PutResult> {
      const size = options.size ?? bodySize(body)
      if (size === undefined) throw new ClientInputError('put of a stream needs { size }')
      const headers = await authorize('write', path, size)
      const text = await upload({
        url: routeFor(context.base, 'files', path),
        headers,
        body,
        size,
        onProgress: options.onProgress,
        signal: options.signal,
        fetch: context.fetch,
      })
      return parseJson<PutResult>(text)
    },

    async get(path, options = {}): Promise<StorageFile> {
      const declared = options.size ?? readCeiling(chainFor(context.authority('read'), 'read'))
      const headers = await authorize('read', path, declared)
      const response = await expectOk(
        await send(context.fetch, routeFor(context.base, 'files', path), {
          headers,
          ...(options.signal === undefined ? {} : { signal: options.signal }),
        }),
      )
      const size = Number(response.headers.get('content-length') ?? Number.NaN)
      const body = withProgress(response.body ?? new ReadableStream(), size, options.onProgress)
      return {
        path,
        size,
        body,
        bytes: async () => new Uint8Array(await new Response(body).arrayBuffer()),
        text: () => new Response(body).text(),
        blob: () => new Response(body).blob(),
      }
    },

    async list(path = '/'): Promise<ListResult> {
      const headers = await authorize('list', path)
      return json<ListResult>(await expectOk(await send(context.fetch, routeFor(context.base, 'list', path), { headers })))
    },

    async delete(path): Promise<void> {
      const headers = await authorize('delete', path)
      await expectOk(await send(context.fetch, routeFor(context.base, 'files', path), { method: 'DELETE', headers }))
    },
  }
}
