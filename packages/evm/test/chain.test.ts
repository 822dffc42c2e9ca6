/**
 * `/evm/call` through the real guard: real signed chains, the real verifier,
 * a real memory ledger. Every accept path next to its near misses.
 */
import { capStatement, createRevocation, revokeDelegation } from '@capchain/guard'
import { createMemoryStore } from '@capchain/store'
import { AbiFunction, Hex } from 'ox'
import { beforeAll, describe, expect, it } from 'vitest'
import { erc20Dimension, EVM_SIGN_TYPED_DATA_COMMAND, evmCallArgs, evmCallPolicy, evmCallRequirement, evmStatement } from '../src/index.js'
import type { EvmRequiredInvocation } from '../src/index.js'
import {
  accepted,
  ACCOUNT,
  authorize,
  BUY,
  callArgs,
  DAY,
  delegate,
  deniedWith,
  invoke,
  makeWorld,
  MERCHANT,
  MULTICALL3,
  NOW,
  SHOP,
  TRANSFER,
  USDC,
} from './fixtures.js'
import type { World } from './fixtures.js'

/** The user's grant to the agent: USDC transfers to the merchant, at most 50 USDC each, and shop purchases of at most 0.1 ETH. */
const AGENT_POLICY = evmCallPolicy({
  chain: 1,
  account: ACCOUNT,
  targets: [USDC, SHOP],
  functions: [TRANSFER, BUY],
  uint: [['<=', '.call.args.amount', '50000000', TRANSFER]],
  maxValue: 10n ** 17n,
})

describe('/evm/call through the guard', () => {
  let world: World
  beforeAll(async () => {
    world = await makeWorld()
  })

  const attempt = async (args = callArgs(), policy = AGENT_POLICY) => {
    const grant = await delegate(world, policy)
    return authorize(world, await invoke(world, [grant], args), [grant])
  }

  it('allows the granted call and reports what it spends', async () => {
    accepted(await attempt())
    const invocation = await invoke(world, [], callArgs({ values: [MERCHANT, 50_000_000n] }))
    const required = evmCallRequirement({ chain: 1 }).check(invocation, NOW) as EvmRequiredInvocation
    expect(required).toEqual({ bytes: 0, expiration: NOW + 300, amounts: { [erc20Dimension(1, USDC)]: 50_000_000n } })
  })

  it('allows the token amount at the bound and refuses one unit over', async () => {
    accepted(await attempt(callArgs({ values: [MERCHANT, 50_000_000n] })))
    deniedWith(await attempt(callArgs({ values: [MERCHANT, 50_000_001n] })), 'ERR_EVM_LIMIT')
  })

  it('allows the value per call at the bound and refuses one wei over', async () => {
    accepted(await attempt(callArgs({ target: SHOP, function: BUY, values: [7n], value: 10n ** 17n })))
    deniedWith(await attempt(callArgs({ target: SHOP, function: BUY, values: [7n], value: 10n ** 17n + 1n })), 'ERR_EVM_LIMIT')
  })

  it('applies a comparison scoped to a function to every spelling of it: a renamed parameter fails it, never skips it', async () => {
    const renamed = callArgs({ function: 'transfer(address to, uint256 value)', values: [MERCHANT, 50_000_001n] })
    const policy = evmCallPolicy({ chain: 1, uint: [['<=', '.call.args.amount', '50000000', TRANSFER]] })
    deniedWith(await attempt(renamed, policy), 'ERR_EVM_LIMIT')
    accepted(await attempt(callArgs({ values: [MERCHANT, 50_000_000n] }), policy))
  })

  it('refuses another contract, another function, another chain, another account', async () => {
    deniedWith(await attempt(callArgs({ target: MERCHANT })), 'ERR_POLICY_VIOLATION')
    deniedWith(await attempt(callArgs({ function: 'approve(address spender, uint256 amount)', values: [MERCHANT, 1n] })), 'ERR_POLICY_VIOLATION')
    // The service acts on chain 1: an invocation for chain 10 is refused before its chain is read, and a grant for chain 10 does not cover chain 1.
    deniedWith(await attempt(callArgs({ chain: 10 })), 'ERR_EVM_CHAIN_MISMATCH')
    deniedWith(await attempt(callArgs(), evmCallPolicy({ chain: 10 })), 'ERR_POLICY_VIOLATION')
    deniedWith(await attempt(callArgs({ account: MERCHANT })), 'ERR_EVM_ARGS_INVALID')
  })

  it('refuses a wrong signer, an escalated command, an expired grant, a replay, an exhausted cap', async () => {
    const grant = await delegate(world, AGENT_POLICY)
    deniedWith(await authorize(world, await invoke(world, [grant], callArgs(), { invoker: world.outsider }), [grant]), 'ERR_PRINCIPAL_MISALIGNED')
    const signing = await invoke(world, [grant], callArgs(), { command: EVM_SIGN_TYPED_DATA_COMMAND })
    deniedWith(await authorize(world, signing, [grant], { requirement: evmCallRequirement({ chain: 1 }) }), 'ERR_EVM_COMMAND')
    deniedWith(await authorize(world, await invoke(world, [grant], callArgs()), [grant], { now: NOW + DAY + 61 }), 'ERR_EXPIRED')

    const store = createMemoryStore()
    const once = await invoke(world, [grant], callArgs())
    accepted(await authorize(world, once, [grant], { store }))
    deniedWith(await authorize(world, once, [grant], { store }), 'ERR_REPLAY')

    const capped = await delegate(world, [...AGENT_POLICY, capStatement({ uses: 1 })])
    accepted(await authorize(world, await invoke(world, [capped], callArgs()), [capped], { store }))
    deniedWith(await authorize(world, await invoke(world, [capped], callArgs({ values: [MERCHANT, 1n] })), [capped], { store }), 'ERR_CAP_EXCEEDED')
  })

  it('refuses a call through a grant the user revoked, and allows it through the same grant before', async () => {
    const store = createMemoryStore()
    const grant = await delegate(world, AGENT_POLICY)
    accepted(await authorize(world, await invoke(world, [grant], callArgs()), [grant], { store }))
    const revocation = await createRevocation({ issuer: world.user, service: world.service.did(), path: [grant], expiration: NOW + 300 })
    accepted(await revokeDelegation({ invocation: revocation.bytes, proofs: [grant.bytes], service: world.service.did(), store, now: NOW }))
    deniedWith(await authorize(world, await invoke(world, [grant], callArgs({ values: [MERCHANT, 2n] })), [grant], { store }), 'ERR_REVOKED')
  })

  it('fails closed: the capchain/evm@1 statement denies under a requirement that does not enforce it', async () => {
    const grant = await delegate(world, AGENT_POLICY)
    const plain = { check: () => ({ bytes: 0, expiration: NOW + 300 }) }
    deniedWith(await authorize(world, await invoke(world, [grant], callArgs()), [grant], { requirement: plain }), 'ERR_CAVEAT_UNENFORCED')
  })
})

describe('dangerous shapes', () => {
  let world: World
  beforeAll(async () => {
    world = await makeWorld()
  })

  const multicall = (target: string, data: Uint8Array) =>
    evmCallArgs({
      chain: 1,
      account: ACCOUNT,
      target: MULTICALL3,
      function: 'aggregate3((address target, bool allowFailure, bytes callData)[] calls)',
      values: [[{ target, allowFailure: false, callData: Hex.fromBytes(data) }]],
    })
  const forbidden = Hex.toBytes(AbiFunction.encodeData(AbiFunction.from('function approve(address spender, uint256 amount)'), [MERCHANT, (1n << 256n) - 1n]))
  const open = (shapes?: ('self-call' | 'wrapper' | 'delegatecall')[]) => evmCallPolicy({ chain: 1, ...(shapes === undefined ? {} : { shapes }) })

  it('refuses a self-call, a multicall wrapping a forbidden call, and a delegatecall through a Safe, even under a grant allowing any call', async () => {
    const grant = await delegate(world, open())
    const selfCall = callArgs({ target: ACCOUNT, function: 'setExecutor(address executor)', values: [MERCHANT] })
    const safe = callArgs({
      target: SHOP,
      function: 'execTransactionFromModule(address to, uint256 value, bytes data, uint8 operation)',
      values: [USDC, 0n, Hex.fromBytes(forbidden), 1],
    })
    for (const [args, shape] of [[selfCall, 'self-call'], [multicall(USDC, forbidden), 'wrapper'], [safe, 'wrapper']] as const) {
      const error = deniedWith(await authorize(world, await invoke(world, [grant], args), [grant]), 'ERR_EVM_CALL_SHAPE')
      expect((error as { shape?: string }).shape).toBe(shape)
    }
  })

  it('allows a shape the root grant names, and only that shape', async () => {
    const grant = await delegate(world, open(['wrapper']))
    accepted(await authorize(world, await invoke(world, [grant], multicall(USDC, forbidden)), [grant]))
    const delegatecall = callArgs({
      target: SHOP,
      function: 'execTransactionFromModule(address to, uint256 value, bytes data, uint8 operation)',
      values: [USDC, 0n, Hex.fromBytes(forbidden), 1],
    })
    const error = deniedWith(await authorize(world, await invoke(world, [grant], delegatecall), [grant]), 'ERR_EVM_CALL_SHAPE')
    expect((error as { shape?: string }).shape).toBe('delegatecall')
  })

  it('does not let a sub-agent allow itself a shape the root did not grant', async () => {
    const root = await delegate(world, open())
    const sub = await delegate(world, open(['wrapper']), { issuer: world.agent, audience: world.subAgent })
    const invocation = await invoke(world, [root, sub], multicall(USDC, forbidden), { invoker: world.subAgent })
    deniedWith(await authorize(world, invocation, [root, sub]), 'ERR_EVM_CALL_SHAPE')
  })

  it('lets a sub-agent drop a shape the root granted', async () => {
    const root = await delegate(world, open(['wrapper', 'self-call']))
    const sub = await delegate(world, open(['self-call']), { issuer: world.agent, audience: world.subAgent })
    const invocation = await invoke(world, [root, sub], multicall(USDC, forbidden), { invoker: world.subAgent })
    deniedWith(await authorize(world, invocation, [root, sub]), 'ERR_EVM_CALL_SHAPE')
    const kept = await delegate(world, [], { issuer: world.agent, audience: world.subAgent })
    accepted(await authorize(world, await invoke(world, [root, kept], multicall(USDC, forbidden), { invoker: world.subAgent }), [root, kept]))
  })
})

describe("a sub-agent's re-delegation", () => {
  let world: World
  beforeAll(async () => {
    world = await makeWorld()
  })

  const chainFor = async (subPolicy: ReturnType<typeof evmCallPolicy>) => {
    const root = await delegate(world, AGENT_POLICY)
    const sub = await delegate(world, subPolicy, { issuer: world.agent, audience: world.subAgent })
    return [root, sub] as const
  }
  const attempt = async (subPolicy: ReturnType<typeof evmCallPolicy>, args = callArgs()) => {
    const chain = await chainFor(subPolicy)
    return authorize(world, await invoke(world, chain, args, { invoker: world.subAgent }), chain)
  }

  it('narrows targets and limits: allowed within, refused one unit over its own bound', async () => {
    const narrow = evmCallPolicy({ chain: 1, targets: [USDC], functions: [TRANSFER], conditions: [['==', '.call.args.to', MERCHANT]], uint: [['<=', '.call.args.amount', '10000000']] })
    accepted(await attempt(narrow, callArgs({ values: [MERCHANT, 10_000_000n] })))
    deniedWith(await attempt(narrow, callArgs({ values: [MERCHANT, 10_000_001n] })), 'ERR_EVM_LIMIT')
    deniedWith(await attempt(narrow, callArgs({ target: SHOP, function: BUY, values: [1n] })), 'ERR_POLICY_VIOLATION')
    deniedWith(await attempt(narrow, callArgs({ values: [ACCOUNT, 1n] })), 'ERR_POLICY_VIOLATION')
  })

  it('cannot widen them: a higher limit, another target or a larger value stay refused by the root', async () => {
    const wide = evmCallPolicy({ chain: 1, targets: [USDC, SHOP, MERCHANT], uint: [['<=', '.call.args.amount', '1000000000']], maxValue: 10n ** 18n })
    deniedWith(await attempt(wide, callArgs({ values: [MERCHANT, 50_000_001n] })), 'ERR_EVM_LIMIT')
    deniedWith(await attempt(wide, callArgs({ target: MERCHANT, function: undefined, values: undefined, value: 1n })), 'ERR_POLICY_VIOLATION')
    deniedWith(await attempt(wide, callArgs({ target: SHOP, function: BUY, values: [1n], value: 10n ** 17n + 1n })), 'ERR_EVM_LIMIT')
  })

  it('refuses a statement of an unknown version or malformed, in any link', async () => {
    const unknown = [['==', '.', ['capchain/evm@2', { uint: [] }]]]
    deniedWith(await attempt(unknown), 'ERR_EVM_STATEMENT_INVALID')
    const malformed = [['==', '.', ['capchain/evm@1', { uint: [['<=', '.value', '01']] }]]]
    deniedWith(await attempt(malformed), 'ERR_EVM_STATEMENT_INVALID')
    expect(() => evmStatement({ uint: [['<=', '.value', '-']] })).toThrow()
  })
})
