/**
 * One notes service: its guard (its own key, a memory state store, SIWE
 * roots for {@link NOTES_DOMAIN}) and its notes. Every framework app serves
 * one; a second instance would share the state store, not the guard.
 */
import { generateSigner } from '@capchain/core'
import { createGuard } from '@capchain/guard'
import type { Guard, GuardEvent } from '@capchain/guard'
import { siweRootFormat } from '@capchain/siwe'
import { createMemoryStore } from '@capchain/store'
import type { StateStore } from '@capchain/store'
import { NOTES_STATUSES } from '../errors.js'
import { createNotesStore } from '../notes/store.js'
import type { NotesStore } from '../notes/store.js'
import { NOTES_DOMAIN } from './domain.js'

export interface NotesService {
  readonly guard: Guard
  readonly notes: NotesStore
}

export interface NotesServiceOptions {
  /** Default: a fresh memory store (state lost on restart: replays of old invocations are still refused by their `exp`). */
  readonly store?: StateStore
  /** Default: the guard's (faults to `console.error`). */
  readonly log?: (event: GuardEvent) => void
}

/** A notes service with a fresh Ed25519 service key. */
export async function createNotesService(options: NotesServiceOptions = {}): Promise<NotesService> {
  const key = await generateSigner('Ed25519')
  const guard = createGuard({
    service: key.did(),
    store: options.store ?? createMemoryStore(),
    rootFormats: [siweRootFormat({ domains: [NOTES_DOMAIN] })],
    statuses: NOTES_STATUSES,
    ...(options.log === undefined ? {} : { log: options.log }),
  })
  return { guard, notes: createNotesStore() }
}
