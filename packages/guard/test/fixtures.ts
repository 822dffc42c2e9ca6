/**
 * A small world for the guard's tests: a subject (the user's root key), an
 * agent it delegates a notes command to, an outsider, and a service, with
 * helpers to delegate, invoke and authorize at a fixed time.
 */
import type { CapchainError } from '@capchain/core/errors'
import { generateSigner } from '@capchain/core/principal'
import type { Signer } from '@capchain/core/principal'
import { createDelegation, createInvocation } from '@capchain/core/token'
import type { Delegation, Invocation, IPLDMap, IPLDValue } from '@capchain/core/token'
import { createMemoryStore } from '@capchain/store'
import type { StateStore } from '@capchain/store'
import { expect } from 'vitest'
import { authorizeInvocation, routeRequirement } from '../src/index.js'
import type { Authorization, AuthorizeRequest, GuardResult, RouteRequirement } from '../src/index.js'

/** 2024-03-01T00:00:00Z: every test runs at this time. */
export const NOW = 1_709_251_200
export const DAY = 86_400

export interface World {
  readonly user: Signer
  readonly agent: Signer
  readonly outsider: Signer
  readonly service: Signer
}

export async function makeWorld(): Promise<World> {
  const [user, agent, outsider, service] = await Promise.all(Array.from({ length: 4 }, () => generateSigner('Ed25519')))
  return { user: user!, agent: agent!, outsider: outsider!, service: service! }
}

/** The user delegates `command` (default `/notes`) to the agent for a day, with `policy`. */
export function delegate(world: World, policy: IPLDValue[] = [], command = '/notes'): Promise<Delegation> {
  return createDelegation({ issuer: world.user, audience: world.agent.did(), subject: world.user.did(), command, policy, expiration: NOW + DAY })
}

export interface InvokeInput {
  readonly command: string
  readonly args: IPLDMap
  readonly expiration?: number | null
}

/** The agent invokes on the user's behalf, addressed to the service, through `chain`. */
export function invoke(world: World, chain: readonly Delegation[], input: InvokeInput): Promise<Invocation> {
  return createInvocation({
    issuer: world.agent,
    subject: world.user.did(),
    audience: world.service.did(),
    command: input.command,
    args: input.args,
    proofs: chain.map((d) => d.cid),
    expiration: input.expiration === undefined ? NOW + 300 : input.expiration,
    issuedAt: NOW,
  })
}

/** A request to the notes route: the note it reads and the bytes it declares. */
export interface NoteRequest {
  readonly id: string
  readonly size?: number
}

/** The route a notes service mounts for reading one note. */
export const readNote: RouteRequirement<NoteRequest> = {
  command: '/notes/read',
  args: (request) => (request.size === undefined ? { id: request.id } : { id: request.id, size: request.size }),
  bytes: (request) => request.size ?? 0,
}

/** Authorize `invocation` for `request` on `route`, with its chain as proofs, at NOW; overrides go last. */
export async function authorizeRoute<Req>(
  world: World,
  store: StateStore,
  invocation: Invocation,
  chain: readonly Delegation[],
  route: RouteRequirement<Req>,
  request: Req,
  overrides: Partial<AuthorizeRequest> = {},
): Promise<GuardResult<Authorization>> {
  return authorizeInvocation(
    { invocation: invocation.bytes, proofs: chain.map((d) => d.bytes), service: world.service.did(), store, now: NOW, ...overrides },
    await routeRequirement(route, request),
  )
}

/** Assert acceptance and return the value. */
export function accepted<T>(result: GuardResult<T>): T {
  if (!result.ok) return expect.fail(`expected acceptance, got ${result.error.code}: ${result.error.message}`)
  return result.value
}

/** Assert a denial of class `type` and return the error. */
export function denied<E extends CapchainError>(result: GuardResult<unknown>, type: abstract new (...args: never[]) => E): E {
  if (result.ok) return expect.fail(`expected a ${type.name}, but the request was accepted`)
  expect(result.error, `${result.error.code}: ${result.error.message}`).toBeInstanceOf(type)
  return result.error as E
}

export function memoryStore(): StateStore {
  return createMemoryStore()
}
