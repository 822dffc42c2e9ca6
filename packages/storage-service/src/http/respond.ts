import { CapchainError } from '@capchain/core/errors'
import type { Context } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { Credentials, Explainer } from '@capchain/guard'
import { checkedLinks } from './checked-chain.js'
import { statusOf } from './status.js'

/** The error body of every refusal (docs/service.md). */
export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string; readonly at?: string; readonly cid?: string }
  readonly explanation: string
}

/**
 * The JSON refusal for `error`, with its status. An error that is not a
 * `CapchainError` is a fault of ours: 500, and its text stays in the log.
 */
export async function refuse(c: Context, error: unknown, explainer: Explainer, credentials?: Credentials): Promise<Response> {
  if (!(error instanceof CapchainError)) {
    console.error('storage-service: internal error', error)
    const body: ErrorBody = { error: { code: 'ERR_INTERNAL', message: 'internal error' }, explanation: 'the service failed; nothing was changed' }
    return c.json(body, 500)
  }
  const status = statusOf(error)
  const body: ErrorBody = {
    error: {
      code: error.code,
      message: error.message,
      ...(error.at === undefined ? {} : { at: error.at }),
      ...(error.cid === undefined ? {} : { cid: error.cid }),
    },
    explanation: await explainer(error, credentials, checkedLinks(credentials)),
  }
  if (status === 401) c.header('WWW-Authenticate', 'UCAN')
  return c.json(body, status as ContentfulStatusCode)
}
