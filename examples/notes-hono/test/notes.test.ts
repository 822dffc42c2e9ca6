/** The notes API on Hono, through the table every example runs. */
import { notesTable } from '../../notes-core/test/table.js'
import { startNotesHono } from '../src/server.js'

notesTable('hono', startNotesHono)
