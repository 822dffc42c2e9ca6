/**
 * Policies and args built to exhaust CPU or memory. Anyone can be the
 * subject of their own chain, so the attacker writes the policies and the
 * args both, signs them validly, and sends the lot to the service: the
 * verifier must answer with a typed denial, fast. Times are guards against
 * a hang (FAST_MS, generous), not benchmarks.
 */
import { dagCborCid } from '@capchain/core'
import { MalformedCborError } from '@capchain/core/errors'
import { generateSigner } from '@capchain/core/principal'
import type { Delegation, IPLDMap, IPLDValue } from '@capchain/core/token'
import { DEFAULT_MAX_STATEMENTS, evaluatePolicy, parsePolicy, PolicyLimitError } from '@capchain/policy'
import {
  createVerifier,
  MAX_CHAIN_LENGTH,
  MAX_POLICY_STEPS,
  PolicyBudgetExceededError,
  PolicyUnparsableError,
  PolicyViolationError,
  UndecodableTokenError,
} from '@capchain/verifier'
import type { InvocationVerification } from '@capchain/verifier'
import { beforeAll, describe, expect, it } from 'vitest'
import { causedBy, delegate, denied, elapsed, FAST_MS, forgeToken, invoke, NOW, principals, throws } from './support/index.js'
import type { Principals } from './support/index.js'

let p: Principals

beforeAll(async () => {
  p = await principals()
})

/** Mallory's own chain (mallory → bob) with `policy`, invoked by bob with `args`; verified and timed. */
async function attack(policy: IPLDValue[], args: IPLDMap): Promise<{ value: InvocationVerification; ms: number }> {
  const root = await delegate(p.mallory, p.bob, p.mallory.did(), { policy })
  const invocation = await invoke(p.bob, { subject: p.mallory.did(), audience: p.service.did(), args, proofs: [root] })
  return elapsed(() => createVerifier().verifyInvocation(invocation.bytes, { proofs: [root.bytes], now: NOW, audience: p.service.did() }))
}

/** The denial ran out of the chain's evaluation budget: a PolicyBudgetExceededError whose failure holds PolicyLimitError(maxSteps). */
function outOfSteps(value: InvocationVerification): PolicyBudgetExceededError {
  const error = denied(value, PolicyBudgetExceededError, 'ERR_POLICY_BUDGET_EXCEEDED')
  expect(error.failure.error).toBeInstanceOf(PolicyLimitError)
  expect(error.failure.error).toMatchObject({ code: 'ERR_POLICY_LIMIT', limit: 'maxSteps' })
  return error
}

function nest(depth: number, wrap: (inner: IPLDValue) => IPLDValue, leaf: IPLDValue): IPLDValue {
  let statement = leaf
  for (let i = 0; i < depth; i++) statement = wrap(statement)
  return statement
}

describe('policies and args that exhaust CPU or memory', () => {
  it('refuses deeply nested and/or/not policies before recursing (PolicyLimitError, PolicyUnparsableError, MalformedCborError)', async () => {
    const leaf = ['==', '.a', 1]
    // 100,000 levels handed to the parser directly: refused at the depth limit, no stack overflow.
    for (const op of ['and', 'or']) {
      const deep = nest(100_000, (inner) => [op, [inner]], leaf)
      const { value: error, ms } = await elapsed(() => throws(() => parsePolicy([deep]), PolicyLimitError, 'ERR_POLICY_LIMIT'))
      expect(error.limit).toBe('maxDepth')
      expect(ms).toBeLessThan(FAST_MS)
    }
    // In a token: 40 levels of `not` fit the CBOR depth and are refused by the policy parser …
    const nots = await attack([nest(40, (inner) => ['not', inner], leaf)], { a: 1 })
    causedBy(denied(nots.value, PolicyUnparsableError, 'ERR_POLICY_UNPARSABLE'), PolicyLimitError, 'ERR_POLICY_LIMIT')
    // … 1,000 levels of `and` never decode (64 CBOR levels at most).
    const ands = nest(1000, (inner) => ['and', [inner]], leaf)
    const payload = { iss: p.mallory.did(), aud: p.bob.did(), sub: p.mallory.did(), cmd: '/storage', pol: [ands], nonce: new Uint8Array(12), exp: null }
    const bytes = await forgeToken('dlg', payload, 'Ed25519', (signed) => p.mallory.sign(signed))
    const invocation = await invoke(p.bob, { subject: p.mallory.did(), audience: p.service.did(), args: { a: 1 }, proofs: [{ cid: dagCborCid(bytes) }] })
    const deep = await elapsed(() => createVerifier().verifyInvocation(invocation.bytes, { proofs: [bytes], now: NOW }))
    causedBy(denied(deep.value, UndecodableTokenError, 'ERR_TOKEN_UNDECODABLE'), MalformedCborError, 'ERR_CBOR_MALFORMED')
    expect(deep.ms).toBeLessThan(FAST_MS)
  })

  it('stops `all` / `any` over a 40,000-element list, repeated by 500 statements, at the step budget (PolicyViolationError ← maxSteps)', async () => {
    const xs = Array.from({ length: 40_000 }, (_, i) => i)
    // 500 quantifiers of one statement each: 1,000 statements, within DEFAULT_MAX_STATEMENTS.
    const policy = Array.from({ length: 500 }, (_, i) => (i % 2 === 0 ? ['all', '.xs', ['!=', '.', -1]] : ['any', '.xs', ['==', '.', 39_999]]))
    const { value, ms } = await attack(policy, { xs })
    outOfSteps(value)
    expect(ms).toBeLessThan(FAST_MS)
  })

  it('matches a pathological `like` (*a*a*a*…b against aaaa…) in linear time (PolicyViolationError)', async () => {
    const pattern = `${'*a'.repeat(511)}b`
    const subject = 'a'.repeat(100_000)
    const single = await attack([['like', '.s', pattern]], { s: subject })
    const error = denied(single.value, PolicyViolationError, 'ERR_POLICY_VIOLATION')
    expect(error.failure.error).toBeUndefined() // an honest "no match", not a budget cut
    expect(single.ms).toBeLessThan(FAST_MS)
    // A shorter one that scans for its last fragment (the token must stay under 128 KiB) a thousand
    // times over, under `or` so every alternative runs: 1,023 scans of 100,000 characters, ended by
    // the step budget (each character scanned is a step).
    const shorter = `${'*a'.repeat(16)}*b*`
    const many = await attack([['or', Array.from({ length: DEFAULT_MAX_STATEMENTS - 1 }, () => ['like', '.s', shorter])]], { s: subject })
    outOfSteps(many.value)
    expect(many.ms).toBeLessThan(FAST_MS)
  })

  it(`bounds a ${MAX_CHAIN_LENGTH}-link chain whose every policy spends a sixth of the budget and passes: one budget for the chain`, async () => {
    // Each link's policy walks 40,000 elements three times (160,000 steps) and holds; the last one fails.
    const xs = Array.from({ length: 40_000 }, (_, i) => i)
    const heavy = [['all', '.xs', ['!=', '.', -1]], ['all', '.xs', ['>=', '.', 0]], ['all', '.xs', ['<', '.', 1e9]]]
    const keys = await Promise.all(Array.from({ length: MAX_CHAIN_LENGTH }, () => generateSigner('Ed25519')))
    const line = [p.mallory, ...keys]
    const heavyChain: Delegation[] = []
    for (let i = 0; i < MAX_CHAIN_LENGTH; i++) {
      const last = i === MAX_CHAIN_LENGTH - 1
      heavyChain.push(await delegate(line[i]!, line[i + 1]!, p.mallory.did(), { policy: last ? [...heavy, ['==', '.xs', []]] : heavy }))
    }
    const invocation = await invoke(line[MAX_CHAIN_LENGTH]!, { subject: p.mallory.did(), audience: p.service.did(), args: { xs }, proofs: heavyChain })
    expect(invocation.bytes.length).toBeLessThan(128 * 1024)
    // One policy alone is within budget.
    expect(evaluatePolicy(parsePolicy(heavy), { xs }).ok).toBe(true)
    const { value, ms } = await elapsed(() =>
      createVerifier().verifyInvocation(invocation.bytes, { proofs: heavyChain.map((d) => d.bytes), now: NOW, audience: p.service.did() }),
    )
    // The seventh link runs out of the chain's budget; the links after it are never evaluated.
    expect(outOfSteps(value).at).toBe(`prf[${Math.floor(MAX_POLICY_STEPS / 160_000)}]`)
    expect(ms).toBeLessThan(FAST_MS)
  })
})
