import { ServiceError } from '@capchain/client'
import { byId } from './dom.js'

/** Shows what happened: a success line, or the failure with its code and, for a denied chain, the verifier's explanation. */
export function succeed(text: string): void {
  byId('error').hidden = true
  // Nothing of the last failure stays behind in the hidden box.
  for (const id of ['error-code', 'error-message', 'explanation']) byId(id).textContent = ''
  byId('message').textContent = text
}

export function fail(error: unknown): void {
  byId('message').textContent = ''
  const code = error instanceof ServiceError ? error.code : ((error as { code?: string }).code ?? 'ERROR')
  // "Denied" only for what the service refused; a typo in a form is not a denial.
  byId('error-title').textContent = error instanceof ServiceError ? 'Denied' : 'Not done'
  byId('error-code').textContent = code
  byId('error-message').textContent = error instanceof Error ? error.message : String(error)
  const explanation = error instanceof ServiceError ? (error.explanation ?? '') : ''
  byId('explanation').textContent = explanation
  // An explanation box only when there is a chain to explain.
  byId('explanation').hidden = explanation === ''
  byId('error').hidden = false
}

/** Runs a user action with `busy(true)` until it settles, reporting its outcome. */
export async function act(action: () => Promise<string>, busy: (running: boolean) => void): Promise<void> {
  busy(true)
  try {
    succeed(await action())
  } catch (error) {
    fail(error)
  } finally {
    busy(false)
  }
}
