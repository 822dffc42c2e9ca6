/**
 * A small world for the EVM profile's tests: a user (the subject), an agent
 * it grants on-chain powers to, a sub-agent, an outsider, an executor
 * service, the user's smart account and two contracts, with helpers to grant,
 * invoke and authorize through the real guard at a fixed time.
 */
import type { CapchainError } from '@capchain/core/errors'
import { generateSigner } from '@capchain/core/principal'
import type { Signer } from '@capchain/core/principal'
import { createDelegation, createInvocation } from '@capchain/core/token'
import type { Delegation, Invocation, IPLDMap, IPLDValue } from '@capchain/core/token'
import { authorizeInvocation } from '@capchain/guard'
import type { Authorization, GuardResult, InvocationRequirement } from '@capchain/guard'
import { createMemoryStore } from '@capchain/store'
import type { StateStore } from '@capchain/store'
import { expect } from 'vitest'
import { EVM_CALL_COMMAND, evmCallArgs, evmCallRequirement } from '../src/index.js'
import type { EvmCallInput } from '../src/index.js'
import { ACCOUNT, BUY, MAX_UINT256, MERCHANT, MULTICALL3, permitTypedData, SHOP, TRANSFER, TWO_64, USDC } from '../../vectors/src/suites/evm-fixtures.js'

/** 2024-03-01T00:00:00Z: every test runs at this time. */
export const NOW = 1_709_251_200
export const DAY = 86_400

// The same account, contracts, functions and permit as the published evm-policy vectors.
export { ACCOUNT, BUY, MAX_UINT256, MERCHANT, MULTICALL3, permitTypedData, SHOP, TRANSFER, TWO_64, USDC }

export interface World {
  readonly user: Signer
  readonly agent: Signer
  readonly subAgent: Signer
  readonly outsider: Signer
  readonly service: Signer
}

export async function makeWorld(): Promise<World> {
  const [user, agent, subAgent, outsider, service] = await Promise.all(Array.from({ length: 5 }, () => generateSigner('Ed25519')))
  return { user: user!, agent: agent!, subAgent: subAgent!, outsider: outsider!, service: service! }
}

/** `issuer` delegates `command` about the user to `audience` for a day, with `policy`. */
export function delegate(world: World, policy: IPLDValue[], options: { issuer?: Signer; audience?: Signer; command?: string; expiration?: number } = {}): Promise<Delegation> {
  return createDelegation({
    issuer: options.issuer ?? world.user,
    audience: (options.audience ?? world.agent).did(),
    subject: world.user.did(),
    command: options.command ?? EVM_CALL_COMMAND,
    policy,
    expiration: options.expiration ?? NOW + DAY,
  })
}

/** A call from the user's account on chain 1, with overrides. */
export function callArgs(input: Partial<EvmCallInput> = {}): IPLDMap {
  return evmCallArgs({ chain: 1, account: ACCOUNT, target: USDC, function: TRANSFER, values: [MERCHANT, 50_000_000n], ...input })
}

/** `invoker` (the agent by default) invokes through `chain`, addressed to the service. */
export function invoke(world: World, chain: readonly Delegation[], args: IPLDMap, options: { invoker?: Signer; command?: string; expiration?: number } = {}): Promise<Invocation> {
  return createInvocation({
    issuer: options.invoker ?? world.agent,
    subject: world.user.did(),
    audience: world.service.did(),
    command: options.command ?? EVM_CALL_COMMAND,
    args,
    proofs: chain.map((d) => d.cid),
    expiration: options.expiration ?? NOW + 300,
    issuedAt: NOW,
  })
}

/** Authorize through the real guard with the `/evm/call` requirement for chain 1 and the account. */
export function authorize(
  world: World,
  invocation: Invocation,
  chain: readonly Delegation[],
  options: { store?: StateStore; now?: number; requirement?: InvocationRequirement } = {},
): Promise<GuardResult<Authorization>> {
  return authorizeInvocation(
    { invocation: invocation.bytes, proofs: chain.map((d) => d.bytes), service: world.service.did(), store: options.store ?? createMemoryStore(), now: options.now ?? NOW },
    options.requirement ?? evmCallRequirement({ chain: 1, account: ACCOUNT }),
  )
}

export function accepted<T>(result: GuardResult<T>): T {
  if (!result.ok) return expect.fail(`expected acceptance, got ${result.error.code}: ${result.error.message}`)
  return result.value
}

/** Assert a denial with `code` and return the error. */
export function deniedWith(result: GuardResult<unknown>, code: string): CapchainError {
  if (result.ok) return expect.fail(`expected ${code}, but the request was accepted`)
  expect(result.error.code, result.error.message).toBe(code)
  return result.error
}
