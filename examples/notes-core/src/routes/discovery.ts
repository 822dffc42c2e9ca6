/** The notes routes as the discovery document (`/.well-known/capchain`) lists them. */
import type { DiscoveredRoute } from '@capchain/guard'
import { NOTES_COMMANDS } from './commands.js'

export const NOTES_DISCOVERY: readonly DiscoveredRoute[] = [
  { method: 'GET', path: '/notes/:id', command: NOTES_COMMANDS.read },
  { method: 'PUT', path: '/notes/:id', command: NOTES_COMMANDS.write },
  { method: 'POST', path: '/notes/:id/share', command: NOTES_COMMANDS.share },
]
