import { ServiceError } from '@capchain/client'
import { byId } from './dom.js'

/** Shows what happened: a success line, or the denial with the verifier's code and explanation. */
export function succeed(text: string): void {
  byId('error').hidden = true
  byId('message').textContent = text
}

export function fail(error: unknown): void {
  byId('message').textContent = ''
  const code = error instanceof ServiceError ? error.code : ((error as { code?: string }).code ?? 'ERROR')
  byId('error-code').textContent = code
  byId('error-message').textContent = error instanceof Error ? error.message : String(error)
  byId('explanation').textContent = error instanceof ServiceError ? (error.explanation ?? '') : ''
  byId('error').hidden = false
}

/** Runs a user action, reporting its outcome; buttons stay usable. */
export async function act(action: () => Promise<string>): Promise<void> {
  try {
    succeed(await action())
  } catch (error) {
    fail(error)
  }
}
