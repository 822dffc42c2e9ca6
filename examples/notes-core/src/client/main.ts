/** `client [url]`: run the example client against a running notes app (default `NOTES_URL`). */
import { runClient } from './run.js'

/**
 * @throws {TypeError} the app cannot be reached
 */
export async function clientMain(defaultUrl: string): Promise<void> {
  const url = process.argv[2] ?? process.env.NOTES_URL ?? defaultUrl
  await runClient(url)
}
