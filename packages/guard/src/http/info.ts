/**
 * What a client needs to know before it signs: `GET /info` and the
 * discovery document `/.well-known/capchain` (the same, plus the routes'
 * commands), so a new service has the whole protocol by mounting them.
 */
import { DEFAULT_LIMITS } from '@capchain/verifier'
import { MAX_INVOCATION_LIFETIME } from '../authorize/lifetime.js'
import { REVOKE_COMMAND } from '../revoke/command.js'
import { MAX_INFLATED_CREDENTIALS_BYTES } from './credentials.js'
import type { Guard } from './guard.js'

export const DISCOVERY_PATH = '/.well-known/capchain'

export interface ServiceInfo {
  /** The `aud` every invocation must name. */
  readonly did: string
  readonly authorization: 'UCAN <container>'
  /** Root formats accepted besides did:key roots, by name (e.g. `siwe`). */
  readonly rootFormats: readonly string[]
  readonly limits: {
    readonly maxHeaderBytes: number
    readonly maxContainerBytes: number
    readonly maxProofs: number
    /** Most delegations in a chain, root included. */
    readonly maxChainLength: number
    /** Policy evaluation work for a whole chain (docs/policy.md, "Cost model"). */
    readonly maxPolicySteps: number
    /** Longest invocation lifetime, `exp - now`, in seconds. */
    readonly maxInvocationLifetime: number
    readonly clockSkew: number | null
  }
}

/** A route as the discovery document lists it. */
export interface DiscoveredRoute {
  readonly method: string
  readonly path: string
  readonly command: string
}

export interface DiscoveryDocument extends ServiceInfo {
  readonly revoke: { readonly method: 'POST'; readonly path: string; readonly command: string }
  readonly routes: readonly DiscoveredRoute[]
}

/** The service's info. */
export function serviceInfo(guard: Guard): ServiceInfo {
  const limits = { ...DEFAULT_LIMITS, ...guard.config.limits }
  return {
    did: guard.config.service,
    authorization: 'UCAN <container>',
    rootFormats: guard.rootFormats.map((format) => format.name),
    limits: {
      maxHeaderBytes: guard.config.maxHeaderBytes ?? MAX_INFLATED_CREDENTIALS_BYTES,
      maxContainerBytes: limits.maxContainerBytes,
      maxProofs: limits.maxProofs,
      maxChainLength: limits.maxChainLength,
      maxPolicySteps: limits.maxPolicySteps,
      maxInvocationLifetime: MAX_INVOCATION_LIFETIME,
      clockSkew: guard.config.clockSkew ?? null,
    },
  }
}

/** The Fetch handler of `GET /info`. */
export function infoHandler(guard: Guard): (request: Request) => Promise<Response> {
  return async () => Response.json(serviceInfo(guard))
}

/** The Fetch handler of `GET /.well-known/capchain`: the info, `POST /revoke` and `routes`. */
export function discoveryHandler(guard: Guard, routes: readonly DiscoveredRoute[], revokePath = '/revoke'): (request: Request) => Promise<Response> {
  return async () => {
    const document: DiscoveryDocument = { ...serviceInfo(guard), revoke: { method: 'POST', path: revokePath, command: REVOKE_COMMAND }, routes }
    return Response.json(document)
  }
}
