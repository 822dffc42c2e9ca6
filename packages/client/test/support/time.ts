/**
 * Reading back the times in what a client made: the SIWE root of a
 * session, the head delegation of a grant, and the invocations it sent
 * (recorded from the `Authorization` headers on their way to the real
 * service).
 */
import { decodeContainer } from '@capchain/core'
import { decodeDelegation, decodeInvocation, tokenKindHint } from '@capchain/core/token'
import type { Delegation, Invocation } from '@capchain/core/token'
import { decodeCacao } from '@capchain/siwe'
import type { DecodedCacao } from '@capchain/siwe'
import type { IssuedRecord, SessionRecord } from '../../src/index.js'
import { tokensByCid } from '../../src/tokens.js'

/** 2026-01-01T00:00:00Z: a fixed clock, in the past of any run, so the real service refuses what it dates. */
export const T = 1_767_225_600

export function sessionRoot(session: SessionRecord): DecodedCacao {
  return decodeCacao(tokensByCid(session.container).get(session.cid)!)
}

export function grantHead(grant: IssuedRecord): Delegation {
  return decodeDelegation(tokensByCid(grant.container).get(grant.cid)!)
}

/** Whole Unix seconds of a SIWE date-time. */
export function seconds(dateTime: string | undefined): number {
  return Date.parse(dateTime ?? 'absent') / 1000
}

/** A `fetch` to the real service that keeps the invocation of every `Authorization` header it sends. */
export function recordingFetch(): { readonly fetch: typeof fetch; readonly sent: Invocation[] } {
  const sent: Invocation[] = []
  const recording: typeof fetch = (input, init) => {
    const header = new Headers(init?.headers).get('authorization')
    // A container is a set: the invocation is found by its kind, not its place.
    const tokens = header === null ? [] : decodeContainer(header.replace(/^UCAN /, '')).tokens
    for (const token of tokens) if (tokenKindHint(token) === 'inv') sent.push(decodeInvocation(token))
    return fetch(input, init)
  }
  return { fetch: recording, sent }
}
