/**
 * The EVM side of the client's tests: a guard mounted with the evm
 * profile's `/evm/call` requirement for chain 1 and the user's smart
 * account, sharing the real storage service's identity and SQLite store (so
 * a revocation sent to the service denies here too), and invocations signed
 * by a client's own key through what it was granted.
 */
import type { CapchainError } from '@capchain/core/errors'
import type { DID, Signer } from '@capchain/core/principal'
import { decodeContainer } from '@capchain/core'
import { createInvocation } from '@capchain/core/token'
import type { Invocation, IPLDMap } from '@capchain/core/token'
import { EVM_CALL_COMMAND, evmCallArgs, evmCallRequirement } from '@capchain/evm'
import type { EvmCallInput } from '@capchain/evm'
import { authorizeInvocation, createServiceVerifier } from '@capchain/guard'
import type { Authorization, GuardResult } from '@capchain/guard'
import { siweRootFormat } from '@capchain/siwe'
import type { StateStore } from '@capchain/store'
import { CID } from 'multiformats/cid'
import { expect } from 'vitest'
import { ACCOUNT, MERCHANT, TRANSFER, USDC } from '../../../vectors/src/suites/evm-fixtures.js'

// The EVM profile's account, contracts and functions, from the one place the vectors and @capchain/evm's tests read them.
export { ACCOUNT, BUY, MERCHANT, SHOP, TRANSFER, USDC } from '../../../vectors/src/suites/evm-fixtures.js'
export const OTHER = '0x5555555555555555555555555555555555555555'
export const APPROVE = 'approve(address spender, uint256 amount)'
export const DAY = 86_400

const verifier = createServiceVerifier({ rootFormats: [siweRootFormat()] })
const requirement = evmCallRequirement({ chain: 1, account: ACCOUNT })

/** A call from the user's account on chain 1: `transfer(MERCHANT, 50 USDC)` unless overridden. */
export function callArgs(input: Partial<EvmCallInput> = {}): IPLDMap {
  return evmCallArgs({ chain: 1, account: ACCOUNT, target: USDC, function: TRANSFER, values: [MERCHANT, 50_000_000n], ...input })
}

/** What an invoker holds: the tokens of a grant's or session's container and its chain's CIDs, root first. */
export interface Held {
  readonly container: string
  readonly chain: readonly string[]
}

/** `key` invokes `/evm/call` about `subject` through `held`, addressed to `service`, at `now` (default: the clock). */
export function invokeEvm(key: Signer, subject: DID, service: DID, held: Held, args: IPLDMap, now = Math.floor(Date.now() / 1000)): Promise<Invocation> {
  return createInvocation({
    issuer: key,
    subject,
    audience: service,
    command: EVM_CALL_COMMAND,
    args,
    proofs: held.chain.map((cid) => CID.parse(cid)),
    expiration: now + 300,
    issuedAt: now,
  })
}

/** Authorize through the real guard with the `/evm/call` requirement, at `now` (default: the clock). */
export function authorizeEvm(
  invocation: Invocation,
  held: Held,
  target: { readonly service: DID; readonly store: StateStore },
  now?: number,
): Promise<GuardResult<Authorization>> {
  return authorizeInvocation(
    { invocation: invocation.bytes, proofs: decodeContainer(held.container).tokens, service: target.service, store: target.store, verifier, ...(now === undefined ? {} : { now }) },
    requirement,
  )
}

export function accepted<T>(result: GuardResult<T>): T {
  if (!result.ok) return expect.fail(`expected acceptance, got ${result.error.code}: ${result.error.message}`)
  return result.value
}

export function deniedWith(result: GuardResult<unknown>, code: string): CapchainError {
  if (result.ok) return expect.fail(`expected ${code}, but the request was accepted`)
  expect(result.error.code, result.error.message).toBe(code)
  return result.error
}
