/** Prints the demo's steps and keeps score of its expectations. */
import { styleText } from 'node:util'
import type { ProblemBody } from '@capchain/guard'

type Color = 'green' | 'red' | 'dim' | 'bold' | 'cyan'

export interface Narrator {
  title(text: string): void
  note(text: string): void
  /**
   * Sends one request and checks its answer: `allow`, or a denial with this code.
   * @returns the allowed answer's body, or `undefined`
   */
  step(label: string, expected: 'allow' | { readonly code: string; readonly why: string }, send: () => Promise<Response>): Promise<unknown>
  /** Steps whose outcome was not the expected one. */
  readonly failures: number
}

export function narrator(write: (line: string) => void): Narrator {
  const color = (name: Color, text: string) => (process.stdout.isTTY && process.env.NO_COLOR === undefined ? styleText(name, text) : text)
  let failures = 0
  let steps = 0
  return {
    get failures() {
      return failures
    },
    title: (text) => write(color('bold', text)),
    note: (text) => write(color('dim', `   ${text}`)),
    async step(label, expected, send) {
      steps++
      write(`${color('cyan', String(steps).padStart(2))}. ${label}`)
      const response = await send()
      const body = (await response.json()) as Record<string, unknown>
      if (response.ok) {
        const held = expected === 'allow'
        if (!held) failures++
        write(`    ${color(held ? 'green' : 'red', `✔ executed: transaction ${String(body.hash)}`)}${held ? '' : color('red', `  (expected ${expected.code})`)}`)
        return body
      }
      const problem = body as unknown as ProblemBody
      const held = expected !== 'allow' && problem.code === expected.code
      if (!held) failures++
      const why = expected !== 'allow' && held ? ` (${expected.why})` : color('red', `  (expected ${expected === 'allow' ? 'allow' : expected.code})`)
      write(`    ${color(held ? 'green' : 'red', `✘ denied ${response.status} ${problem.code}`)}${why}`)
      write(color('dim', `      ${problem.detail ?? problem.title}`))
      return undefined
    },
  }
}
