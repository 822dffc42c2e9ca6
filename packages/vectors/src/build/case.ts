import { NOW } from '../fixed/time.js'
import type { ExpectedError, TokenSource } from '../output/interface.js'
import type { InvocationCase } from '../output/invocation-file.js'

/** A case verified at `NOW`: authorized when `error` is absent, else denied with it. */
export function caseAt(
  name: string,
  description: string,
  invocation: TokenSource,
  proofs: readonly TokenSource[],
  error?: ExpectedError,
): InvocationCase {
  return { name, description, time: NOW, invocation, proofs, ...(error === undefined ? {} : { error }) }
}
