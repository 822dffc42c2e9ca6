import type { CommandContext } from './context.js'

/**
 * Run what throws when a token must not be issued and return its result;
 * on a throw, say first (on standard error, in text mode) that it was
 * refused and why, then let the typed error through.
 */
export async function refuseOnError<T>(context: CommandContext, why: string, check: () => Promise<T>): Promise<T> {
  try {
    return await check()
  } catch (error) {
    if (!context.json) context.err(`refused: ${why}`)
    throw error
  }
}
