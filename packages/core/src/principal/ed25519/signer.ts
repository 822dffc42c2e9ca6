import { formatDidKey } from '../did-key.js'
import { BaseSigner } from '../signer-base.js'
import { ed } from './noble.js'
import { Ed25519Verifier } from './verifier.js'

/** An Ed25519 signer: deterministic RFC 8032 PureEdDSA signatures (64 bytes) with `@noble/ed25519`. */
export class Ed25519Signer extends BaseSigner<Ed25519Verifier> {
  /** @param seed - the 32-byte RFC 8032 secret key (seed). */
  static fromSeed(seed: Uint8Array): Ed25519Signer {
    const publicKey = ed.getPublicKey(seed)
    return new Ed25519Signer(seed, new Ed25519Verifier(publicKey, formatDidKey('Ed25519', publicKey)))
  }

  async sign(message: Uint8Array): Promise<Uint8Array> {
    return this.withSecret((seed) => ed.sign(message, seed))
  }
}
