/**
 * A service in a process of its own, so a test can measure its memory alone
 * (vitest runs test files in threads of one process). Prints
 * `{"url","did"}` on one line once listening; exits when stdin closes.
 */
import { startStorageService } from '../../src/index.js'

const dataDir = process.argv[2]
if (dataDir === undefined) throw new Error('usage: service-process.ts <data dir>')
const service = await startStorageService({ dataDir, webDir: false })
process.stdout.write(`${JSON.stringify({ url: service.url, did: service.did })}\n`)
process.stdin.resume()
process.stdin.on('end', () => void service.close().then(() => process.exit(0)))
