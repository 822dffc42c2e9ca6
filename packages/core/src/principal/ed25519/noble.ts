/**
 * `@noble/ed25519`, configured for its synchronous API.
 *
 * v3 ships without a synchronous SHA-512; we plug in `@noble/hashes` (its
 * documented setup) because `importSigner` must derive a public key
 * synchronously. `??=` keeps an implementation the application set itself.
 */
import * as ed from '@noble/ed25519'
import { sha512 } from '@noble/hashes/sha2.js'

ed.hashes.sha512 ??= sha512

export { ed, sha512 }
