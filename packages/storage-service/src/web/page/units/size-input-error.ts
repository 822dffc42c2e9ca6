import { CapchainError } from '@capchain/core/errors'

/** A size typed into the page that is not a whole number of bytes in a known unit. */
export class SizeInputError extends CapchainError {
  declare readonly code: 'ERR_SIZE_INPUT'

  constructor(field: string, text: string, why: string) {
    super('ERR_SIZE_INPUT', `${field}: "${text}" ${why}; write a size such as 1500, 500 KB, 1.5 MB, 2 GiB`, { at: field })
  }
}
