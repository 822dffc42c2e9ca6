export { main } from './main.js'
export { processOutput } from './io/cli-output.js'
export type { CliOutput } from './io/cli-output.js'
export { EXIT_DENIED, EXIT_OK, EXIT_USAGE } from './exit-codes.js'
