/**
 * iso-ucan → capchain, policies: one iso-ucan delegation per policy
 * operator, invoked with arguments that satisfy it (both accept) and with a
 * near miss (iso-ucan refuses to issue it, capchain denies it at the proof).
 */
import { createVerifier } from '@capchain/verifier'
import { describe, expect, it } from 'vitest'
import { expectAccepted, expectDenied, invocationPayload, ISO_SIGNERS, isoChain, isoInvocation, isoSigned, NOW } from './support/iso-ucan.js'

interface PolicyCase {
  readonly operator: string
  readonly statement: unknown[]
  readonly pass: Record<string, unknown>
  readonly miss: Record<string, unknown>
}

/** Every operator of the UCAN policy language, with the selectors iso-ucan parses. */
const POLICY_CASES: readonly PolicyCase[] = [
  { operator: '==', statement: ['==', '.a', { b: [1, 'x'] }], pass: { a: { b: [1, 'x'] } }, miss: { a: { b: [1, 'y'] } } },
  { operator: '!=', statement: ['!=', '.a', 'private'], pass: { a: 'public' }, miss: { a: 'private' } },
  { operator: '<', statement: ['<', '.n', 10], pass: { n: 9 }, miss: { n: 10 } },
  { operator: '<=', statement: ['<=', '.n', 10], pass: { n: 10 }, miss: { n: 11 } },
  { operator: '>', statement: ['>', '.n', 10], pass: { n: 11 }, miss: { n: 10 } },
  { operator: '>=', statement: ['>=', '.n', 10.5], pass: { n: 10.5 }, miss: { n: 10 } },
  { operator: 'like', statement: ['like', '.path', '/photos/*.jpg'], pass: { path: '/photos/2024/cat.jpg' }, miss: { path: '/photos/cat.png' } },
  { operator: 'like \\*', statement: ['like', '.s', 'a\\*b'], pass: { s: 'a*b' }, miss: { s: 'axb' } },
  { operator: 'and', statement: ['and', [['==', '.a', 1], ['==', '.b', 2]]], pass: { a: 1, b: 2 }, miss: { a: 1, b: 3 } },
  { operator: 'or', statement: ['or', [['==', '.a', 1], ['==', '.a', 2]]], pass: { a: 2 }, miss: { a: 3 } },
  { operator: 'not', statement: ['not', ['==', '.a', 1]], pass: { a: 2 }, miss: { a: 1 } },
  { operator: 'all', statement: ['all', '.tags', ['!=', '.', 'private']], pass: { tags: ['a', 'b'] }, miss: { tags: ['a', 'private'] } },
  { operator: 'any', statement: ['any', '.tags', ['==', '.', 'public']], pass: { tags: ['x', 'public'] }, miss: { tags: ['x', 'y'] } },
  { operator: 'index', statement: ['==', '.list[-1]', 3], pass: { list: [1, 2, 3] }, miss: { list: [3, 2] } },
  { operator: 'slice', statement: ['==', '.list[1:3]', [2, 3]], pass: { list: [1, 2, 3, 4] }, miss: { list: [1, 2] } },
  { operator: 'values', statement: ['all', '.m', ['<', '.', 5]], pass: { m: { x: 1, y: 4 } }, miss: { m: { x: 1, y: 5 } } },
]

const verifier = createVerifier()

describe.each(POLICY_CASES)('iso-ucan → capchain, policy $operator', ({ statement, pass, miss }) => {
  it('both accept the arguments that satisfy it', async () => {
    const chain = await isoChain(ISO_SIGNERS.Ed25519, [{ pol: [statement] }])
    const invocation = await isoInvocation({ iss: chain.invoker, sub: chain.subject, cmd: '/storage', args: pass, prf: chain.delegations })
    expectAccepted(await verifier.verifyInvocation(invocation.bytes, { proofs: chain.delegations.map((d) => d.bytes), now: NOW }))
  })

  it('both refuse the near miss: iso-ucan will not issue it, capchain denies ERR_POLICY_VIOLATION at the proof', async () => {
    const chain = await isoChain(ISO_SIGNERS.Ed25519, [{}, { pol: [statement] }])
    const input = { iss: chain.invoker, sub: chain.subject, cmd: '/storage', args: miss, prf: chain.delegations }
    await expect(isoInvocation(input)).rejects.toThrow(/invalid arguments/)
    const bytes = await isoSigned('inv', chain.invoker, invocationPayload(input))
    expectDenied(await verifier.verifyInvocation(bytes, { proofs: chain.delegations.map((d) => d.bytes), now: NOW }), 'ERR_POLICY_VIOLATION', 'prf[1]')
  })
})
