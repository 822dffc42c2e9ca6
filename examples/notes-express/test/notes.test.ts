/** The notes API on Express, through the table every example runs. */
import { notesTable } from '../../notes-core/test/table.js'
import { startNotesExpress } from '../src/server.js'

notesTable('express', startNotesExpress)
