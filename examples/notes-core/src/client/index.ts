/** `notes-core/client`: the example client, and the pieces tests sign with. */
export { callNotes } from './call.js'
export type { CallInput, Outcome } from './call.js'
export { invocationHeader } from './invoke.js'
export type { InvokeInput } from './invoke.js'
export { TEST_WALLET_SECRET } from './test-key.js'
export { AGENT_CAP, runClient } from './run.js'
export type { ClientStep } from './run.js'
export { clientMain } from './main.js'
