/** `pnpm demo:evm`: the EVM demo in one terminal run; exit code 0 only if every outcome was the expected one. */
import { runEvmDemo } from './run.js'

process.exitCode = (await runEvmDemo((line) => process.stdout.write(`${line}\n`))) === 0 ? 0 : 1
