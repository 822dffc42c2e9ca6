import { didKeyFromPublicKey, verifierFromDid } from '@capchain/core/lean'
import type { DID, Signer, Verifier } from '@capchain/core/principal'
import { NonExtractableKeyError } from '../errors.js'

const ED25519 = { name: 'Ed25519' } as const

/**
 * An Ed25519 `Signer` over a WebCrypto key pair whose private key is
 * non-extractable: it signs inside the browser's crypto implementation and
 * its secret can never be read by script, so a cross-site-scripting bug can
 * use the session key while the page is open but cannot steal it.
 *
 * Conforms to core's `Signer`, except that `exportSecret` throws.
 */
export class WebCryptoSigner implements Signer {
  readonly keyType = 'Ed25519' as const
  readonly publicKey: Uint8Array
  readonly #privateKey: CryptoKey
  readonly #did: DID

  private constructor(privateKey: CryptoKey, publicKey: Uint8Array) {
    this.#privateKey = privateKey
    this.publicKey = publicKey
    this.#did = didKeyFromPublicKey('Ed25519', publicKey)
  }

  /**
   * A new key pair, the private half non-extractable.
   * @throws {DOMException} the runtime's WebCrypto has no Ed25519 (browsers before 2025, Node < 18.4)
   */
  static async generate(): Promise<WebCryptoSigner> {
    const pair = (await crypto.subtle.generateKey(ED25519, false, ['sign', 'verify'])) as CryptoKeyPair
    const raw = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey))
    return new WebCryptoSigner(pair.privateKey, raw)
  }

  /**
   * The signer of a stored key: the private `CryptoKey` (as structured-cloned
   * from IndexedDB) and its 32-byte raw public key.
   * @throws {InvalidKeyError} the public key is not a valid Ed25519 key
   */
  static fromKey(privateKey: CryptoKey, publicKey: Uint8Array): WebCryptoSigner {
    return new WebCryptoSigner(privateKey, publicKey)
  }

  /** The private key, to store it (IndexedDB keeps it non-extractable). */
  get cryptoKey(): CryptoKey {
    return this.#privateKey
  }

  did(): DID {
    return this.#did
  }

  async sign(message: Uint8Array): Promise<Uint8Array> {
    return new Uint8Array(await crypto.subtle.sign(ED25519, this.#privateKey, message.slice()))
  }

  verify(message: Uint8Array, signature: Uint8Array): Promise<boolean> {
    return this.toVerifier().verify(message, signature)
  }

  /** @throws {NonExtractableKeyError} always: the secret stays inside WebCrypto */
  exportSecret(): Uint8Array {
    throw new NonExtractableKeyError(this.#did)
  }

  toVerifier(): Verifier {
    return verifierFromDid(this.#did)
  }
}
