import type { SweepResult } from '../interface.js'

/** What one sweep removed, in words for an operator (every sweep command prints this line). */
export function describeSweep(swept: SweepResult): string {
  return `swept ${swept.replay} replay records, ${swept.settled} settled reservation ids, ${swept.windows} closed cap windows`
}
