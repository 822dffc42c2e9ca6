import { checkSiweFields } from './check.js'
import type { SiweMessageFields } from './interface.js'
import { renderSiweFields } from './render.js'

/**
 * Build the EIP-4361 message text for `fields`, after checking every field
 * by the same rules as {@link parseSiweMessage} (so a statement with a line
 * break, a lowercase address or a bad date is refused here too). For any
 * parsed message `m`, `createSiweMessage(parseSiweMessage(m)) === m`.
 * @throws {InvalidSiweMessageError} naming the first field at fault.
 */
export function createSiweMessage(fields: SiweMessageFields): string {
  return renderSiweFields(checkSiweFields(fields).fields)
}
