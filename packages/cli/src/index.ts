export { main } from './main.js'
export { EXIT_DENIED, EXIT_OK, EXIT_USAGE } from './exit-codes.js'
