/**
 * What the write handler checks that the chain cannot: the body is the size
 * the invocation stated. Over HTTP, `Content-Length` frames the body, so this
 * is checked on a real authorization from the guard, without a server.
 */
import { localWallet } from '@capchain/client/local-wallet'
import { createSiweSession } from '@capchain/siwe'
import { describe, expect, it } from 'vitest'
import { invocationHeader, TEST_WALLET_SECRET } from '../src/client/index.js'
import { createNotesService, NOTES_DOMAIN, NoteSizeMismatchError, notesRoutes, writeNote } from '../src/index.js'
import type { NoteRequest } from '../src/index.js'

const routes = notesRoutes((request: NoteRequest) => request)

describe('writeNote', () => {
  it('stores a body of the stated size, and refuses one shorter or longer (the note stays as it was)', async () => {
    const { guard, notes } = await createNotesService()
    const session = await createSiweSession({ provider: localWallet(TEST_WALLET_SECRET), domain: NOTES_DOMAIN, abilities: [{ command: '/notes', policy: [] }], expiresIn: 3600 })
    const authorize = async (size: number) => {
      const header = await invocationHeader({ issuer: session.key, subject: session.subject, audience: guard.config.service, root: session.root, command: '/notes/write', args: { id: 'n1', size } })
      const checked = await guard.check(routes.write, { id: 'n1', length: size, to: undefined }, header)
      if (!checked.ok) throw new Error(checked.problem.detail)
      return checked.auth
    }
    expect(writeNote(notes, await authorize(5), new TextEncoder().encode('hello'))).toMatchObject({ id: 'n1', text: 'hello', size: 5 })
    const shorter = await authorize(5)
    expect(() => writeNote(notes, shorter, new TextEncoder().encode('hell'))).toThrow(NoteSizeMismatchError)
    const longer = await authorize(5)
    expect(() => writeNote(notes, longer, new TextEncoder().encode('hello!'))).toThrow(expect.objectContaining({ code: 'ERR_NOTE_SIZE_MISMATCH', at: 'args.size' }))
    expect(notes.get(session.subject, 'n1').body).toEqual(new TextEncoder().encode('hello'))
  })
})
