/**
 * A small world for the storage tests: a subject (the user's root key), a
 * session key, an agent and a sub-agent, a storage service, and helpers to
 * grant, invoke and authorize at a fixed time.
 */
import { generateSigner } from '@capchain/core/principal'
import type { DID, Signer } from '@capchain/core/principal'
import type { Delegation, Invocation } from '@capchain/core/token'
import type { CapchainError } from '@capchain/core/errors'
import { createMemoryStore } from '@capchain/store'
import type { StateStore } from '@capchain/store'
import { expect } from 'vitest'
import { authorizeStorageRequest, createStorageGrant, createStorageInvocation } from '../src/index.js'
import type { StorageAuthorization, StorageGrant, StorageGrantInput, StorageInvocationInput, StorageOp, StorageRequest, StorageResult } from '../src/index.js'

/** 2024-03-01T00:00:00Z: every test runs at this time. */
export const NOW = 1_709_251_200
export const DAY = 86_400

export interface World {
  readonly user: Signer
  readonly session: Signer
  readonly agent: Signer
  readonly subAgent: Signer
  readonly outsider: Signer
  readonly service: Signer
}

export async function makeWorld(): Promise<World> {
  const [user, session, agent, subAgent, outsider, service] = await Promise.all(
    Array.from({ length: 6 }, () => generateSigner('Ed25519')),
  )
  return { user: user!, session: session!, agent: agent!, subAgent: subAgent!, outsider: outsider!, service: service! }
}

/** A grant with defaults: valid for a day from NOW. */
export function grant(input: Omit<StorageGrantInput, 'expiration'> & { expiration?: number | null }): Promise<StorageGrant> {
  return createStorageGrant({ expiration: NOW + DAY, ...input })
}

export type InvokeInput = Omit<StorageInvocationInput, 'expiration'> & { expiration?: number }

export function invoke(input: InvokeInput): Promise<Invocation> {
  return createStorageInvocation({ expiration: NOW + 300, issuedAt: NOW, ...input })
}

/**
 * Authorize `invocation` for the request it states (op, path, size), with its
 * chain as proofs; overrides go last.
 */
export function authorize(
  invocation: Invocation,
  chain: readonly Delegation[],
  store: StateStore,
  service: DID,
  overrides: Partial<StorageRequest> = {},
): Promise<StorageResult<StorageAuthorization>> {
  const args = invocation.payload.args
  const op = invocation.payload.cmd.split('/').at(-1) as StorageOp
  return authorizeStorageRequest({
    invocation: invocation.bytes,
    proofs: chain.map((d) => d.bytes),
    service,
    store,
    now: NOW,
    op,
    path: args.path as string,
    ...(typeof args.size === 'number' ? { size: args.size } : {}),
    ...overrides,
  })
}

/** Assert acceptance and return the value. */
export function accepted<T>(result: StorageResult<T>): T {
  if (!result.ok) return expect.fail(`expected acceptance, got ${result.error.code}: ${result.error.message}`)
  return result.value
}

/** Assert a denial of class `type` and return the error. */
export function denied<E extends CapchainError>(result: StorageResult<unknown>, type: abstract new (...args: never[]) => E): E {
  if (result.ok) return expect.fail(`expected a ${type.name}, but the request was accepted`)
  expect(result.error, `${result.error.code}: ${result.error.message}`).toBeInstanceOf(type)
  return result.error as E
}

export function memoryStore(): StateStore {
  return createMemoryStore()
}
