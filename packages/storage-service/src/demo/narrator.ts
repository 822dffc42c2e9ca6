import { styleText } from 'node:util'
import { ServiceError } from '@capchain/client'

type Color = 'green' | 'red' | 'dim' | 'bold' | 'cyan'

/** Prints the demo's steps and keeps score of its expectations. */
export interface Narrator {
  title(text: string): void
  note(text: string): void
  /** Runs one step and checks its outcome: `allow`, or a denial with this error code. */
  step(label: string, expected: 'allow' | { readonly code: string; readonly why: string }, run: () => Promise<string | void>): Promise<void>
  /** Steps whose outcome was not the expected one. */
  readonly failures: number
  readonly steps: number
}

export function narrator(write: (line: string) => void = (line) => process.stdout.write(`${line}\n`)): Narrator {
  const color = (name: Color, text: string) => (process.stdout.isTTY && process.env.NO_COLOR === undefined ? styleText(name, text) : text)
  let failures = 0
  let steps = 0
  return {
    get failures() {
      return failures
    },
    get steps() {
      return steps
    },
    title: (text) => write(color('bold', text)),
    note: (text) => write(color('dim', `   ${text}`)),
    async step(label, expected, run) {
      steps++
      write(`${color('cyan', String(steps).padStart(2))}. ${label}`)
      let outcome: { readonly ok: true; readonly detail: string } | { readonly ok: false; readonly error: unknown }
      try {
        outcome = { ok: true, detail: (await run()) ?? '' }
      } catch (error) {
        outcome = { ok: false, error }
      }
      if (outcome.ok) {
        const held = expected === 'allow'
        if (!held) failures++
        write(`    ${color(held ? 'green' : 'red', '✔ allowed')}${outcome.detail === '' ? '' : ` ${outcome.detail}`}${held ? '' : color('red', `  (expected ${expected.code})`)}`)
        return
      }
      const { error } = outcome
      if (!(error instanceof ServiceError)) {
        failures++
        write(color('red', `    ✘ failed: ${error instanceof Error ? error.message : String(error)}`))
        return
      }
      const held = expected !== 'allow' && error.code === expected.code
      if (!held) failures++
      const why = expected !== 'allow' && held ? ` (${expected.why})` : color('red', `  (expected ${expected === 'allow' ? 'allow' : expected.code})`)
      write(`    ${color(held ? 'green' : 'red', `✘ denied ${error.status} ${error.code}`)}${why}`)
      // The verifier's reason: the first line of its explanation.
      const reason = error.explanation?.split('\n')[0] ?? error.message
      write(color('dim', `      ${reason}`))
    },
  }
}
