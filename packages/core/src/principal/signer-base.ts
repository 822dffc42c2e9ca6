import type { DID, KeyType, Signer, Verifier } from './interface.js'
import { KEY_CODECS, withCodec } from './multikey.js'

/**
 * What every signer shares: the verifier half, and a secret kept in a
 * private field (so it never shows up in `JSON.stringify`, `console.log` or
 * property enumeration; only `exportSecret` reveals it).
 */
export abstract class BaseSigner<V extends Verifier> implements Signer {
  readonly #secret: Uint8Array
  readonly #verifier: V

  /** @param secret - a valid raw secret key for the verifier's key type; copied. */
  constructor(secret: Uint8Array, verifier: V) {
    this.#secret = secret.slice()
    this.#verifier = verifier
  }

  get keyType(): KeyType {
    return this.#verifier.keyType
  }

  get publicKey(): Uint8Array {
    return this.#verifier.publicKey
  }

  did(): DID {
    return this.#verifier.did()
  }

  verify(message: Uint8Array, signature: Uint8Array): Promise<boolean> {
    return this.#verifier.verify(message, signature)
  }

  /** Multikey secret: `varint(0x1300 | 0x1301 | 0x1306) || raw 32-byte secret`; the input of `importSigner`. */
  exportSecret(): Uint8Array {
    return withCodec(KEY_CODECS[this.keyType].secretCode, this.#secret)
  }

  toVerifier(): V {
    return this.#verifier
  }

  abstract sign(message: Uint8Array): Promise<Uint8Array>

  /** Runs `use` with the raw secret, for subclasses' signing code. */
  protected withSecret<T>(use: (secret: Uint8Array) => T): T {
    return use(this.#secret)
  }
}
