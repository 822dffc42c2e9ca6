/** The notes API on Fastify, through the table every example runs. */
import { notesTable } from '../../notes-core/test/table.js'
import { startNotesFastify } from '../src/server.js'

notesTable('fastify', startNotesFastify)
