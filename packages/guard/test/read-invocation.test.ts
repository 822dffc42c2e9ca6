/**
 * The pipeline's first step, `readInvocation`: a decoded invocation is
 * re-read from its bytes (its payload is not trusted), except the one the
 * guard's check just decoded and marked, taken as it is once.
 */
import { decodeInvocation } from '@capchain/core/token'
import type { Invocation } from '@capchain/core/token'
import { beforeAll, describe, expect, it } from 'vitest'
import { ArgsMismatchError } from '../src/index.js'
import { markRead, readInvocation } from '../src/verify/read-invocation.js'
import { accepted, authorizeRoute, delegate, denied, invoke, makeWorld, memoryStore, readNote } from './fixtures.js'
import type { World } from './fixtures.js'

let world: World

beforeAll(async () => {
  world = await makeWorld()
})

/** A decoded copy of `invocation` whose payload says another note than its signed bytes. */
function forged(invocation: Invocation): Invocation {
  const decoded = decodeInvocation(invocation.bytes)
  return { ...decoded, payload: { ...decoded.payload, args: { id: 'n2' } } }
}

describe('readInvocation', () => {
  it('re-reads a decoded invocation from its bytes: a payload changed after decoding is not believed', async () => {
    const chain = [await delegate(world)]
    const invocation = await invoke(world, chain, { command: '/notes/read', args: { id: 'n1' } })
    const read = readInvocation(forged(invocation))
    expect(read).not.toBeInstanceOf(Error)
    expect((read as Invocation).payload.args).toEqual({ id: 'n1' })
    const result = await authorizeRoute(world, memoryStore(), invocation, chain, readNote, { id: 'n2' }, { invocation: forged(invocation) })
    expect(denied(result, ArgsMismatchError).at).toBe('args.id')
  })

  it('takes the invocation the guard marked as it is, once; the next read decodes its bytes again', async () => {
    const chain = [await delegate(world)]
    const invocation = await invoke(world, chain, { command: '/notes/read', args: { id: 'n1' } })
    const decoded = markRead(decodeInvocation(invocation.bytes))
    expect(readInvocation(decoded)).toBe(decoded)
    const again = readInvocation(decoded)
    expect(again).not.toBe(decoded)
    expect((again as Invocation).cid.equals(invocation.cid)).toBe(true)
    accepted(await authorizeRoute(world, memoryStore(), invocation, chain, readNote, { id: 'n1' }, { invocation: markRead(decodeInvocation(invocation.bytes)) }))
  })
})
