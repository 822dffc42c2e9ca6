/**
 * Ed25519 verification backends: `node:crypto` (OpenSSL), WebCrypto and
 * `@noble/ed25519`, all held to the rule in `rules.ts`.
 *
 * The shared pre-checks (`rules.ts`) run before any backend. After them,
 * `node` (OpenSSL) and `noble` (our code on noble's point arithmetic) both
 * check the cofactorless equation by recomputing `R` and comparing bytes, so
 * they agree on every input; WebCrypto in Node is OpenSSL too. Tested on all
 * Wycheproof vectors and on the edge cases where libraries differ.
 *
 * Residual gap, browsers only: WebCrypto there is the browser's own code.
 * Given the pre-checks, a cofactored implementation could differ from ours
 * only on an `R` with a small-order component, which only the key holder can
 * produce (we do not pre-check it: that costs a scalar multiplication per
 * signature). Chromium (BoringSSL) is cofactorless like ours and agrees on
 * every vector and edge case (test/browser-ed25519.test.ts); other browsers
 * are not tested.
 */
import type { KeyObject } from 'node:crypto'
import { UnsupportedDidError } from '../../errors.js'
import { nodeCrypto } from '../node-crypto.js'
import { ed, sha512 } from './noble.js'
import { L, bytesToBigintLE, decodePoint, ed25519PublicKeyProblem, isEd25519SignatureWellFormed } from './rules.js'

export type Ed25519BackendName = 'node' | 'webcrypto' | 'noble'

/**
 * A public key imported into one backend (a `KeyObject`, a `CryptoKey` or a
 * decoded point). It checks signatures that already passed the shared
 * signature pre-check, for a key that already passed the key pre-check.
 */
export type BoundEd25519Key = (message: Uint8Array, signature: Uint8Array) => Promise<boolean>

export interface Ed25519Backend {
  readonly name: Ed25519BackendName
  /** Whether this backend can run in the current runtime. */
  available(): boolean
  /**
   * Verifies under the full acceptance rule: shared pre-checks, then this
   * backend. Resolves `false` for any bad key or signature; never rejects.
   */
  verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): Promise<boolean>
  /** Imports a pre-checked public key once, for repeated verification (the verifier cache keeps it). */
  bind(publicKey: Uint8Array): BoundEd25519Key
}

/** DER SubjectPublicKeyInfo header for an Ed25519 key (RFC 8410); the 32 raw key bytes follow. */
const SPKI_PREFIX = Uint8Array.from([0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00])

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0)
  return diff === 0
}

/** Runs a bound check, turning any exception into `false`: verification never throws. */
async function settle(check: () => boolean | Promise<boolean>): Promise<boolean> {
  try {
    return (await check()) === true
  } catch {
    return false
  }
}

/**
 * Cofactorless RFC 8032 verification on noble's point arithmetic.
 * `ed.verify` is not used: its strict mode checks the cofactored equation
 * `[8][S]B = [8]R + [8][k]A`, which accepts an `R` with a small-order
 * component that OpenSSL rejects.
 */
function bindNoble(publicKey: Uint8Array): BoundEd25519Key {
  const A = decodePoint(publicKey)
  const key = publicKey.slice()
  return (message, signature) =>
    settle(() => {
      if (A === undefined) return false
      const R = signature.subarray(0, 32)
      const S = bytesToBigintLE(signature.subarray(32, 64))
      const k = bytesToBigintLE(sha512(ed.etc.concatBytes(R, key, message))) % L
      // S < L and k < L hold here, as `multiply` requires.
      const check = ed.Point.BASE.multiply(S, false).subtract(A.multiply(k, false))
      return equalBytes(check.toBytes(), R)
    })
}

function bindNode(publicKey: Uint8Array): BoundEd25519Key {
  const crypto = nodeCrypto()
  if (crypto === undefined) return bindNoble(publicKey)
  let keyObject: KeyObject
  try {
    keyObject = crypto.createPublicKey({ key: Buffer.concat([SPKI_PREFIX, publicKey]), format: 'der', type: 'spki' })
  } catch {
    return () => Promise.resolve(false)
  }
  return (message, signature) => settle(() => crypto.verify(null, message, keyObject, signature))
}

function bindWebCrypto(publicKey: Uint8Array): BoundEd25519Key {
  const subtle = globalThis.crypto?.subtle
  if (subtle === undefined) return bindNoble(publicKey)
  const raw = publicKey.slice()
  // A runtime whose WebCrypto lacks Ed25519 (older browsers) rejects the
  // import; the key passed our pre-check, so we fall back to noble, which
  // applies the same rule.
  const imported: Promise<CryptoKey | undefined> = subtle
    .importKey('raw', raw, { name: 'Ed25519' }, false, ['verify'])
    .catch(() => undefined)
  let fallback: BoundEd25519Key | undefined
  return (message, signature) =>
    settle(async () => {
      const key = await imported
      if (key === undefined) return (fallback ??= bindNoble(raw))(message, signature)
      return subtle.verify({ name: 'Ed25519' }, key, signature.slice(), message.slice())
    })
}

function makeBackend(
  name: Ed25519BackendName,
  available: () => boolean,
  bind: (publicKey: Uint8Array) => BoundEd25519Key,
): Ed25519Backend {
  return {
    name,
    available,
    bind,
    verify(publicKey, message, signature) {
      if (ed25519PublicKeyProblem(publicKey) !== undefined) return Promise.resolve(false)
      if (!isEd25519SignatureWellFormed(signature)) return Promise.resolve(false)
      return bind(publicKey)(message, signature)
    },
  }
}

/** The three Ed25519 backends, each applying the shared acceptance rule. */
export const ed25519Backends: Readonly<Record<Ed25519BackendName, Ed25519Backend>> = {
  node: makeBackend('node', () => nodeCrypto() !== undefined, bindNode),
  webcrypto: makeBackend('webcrypto', () => globalThis.crypto?.subtle !== undefined, bindWebCrypto),
  noble: makeBackend('noble', () => true, bindNoble),
}

let current: Ed25519Backend | undefined

/**
 * The backend `verifierFromDid` uses for Ed25519: `node` when running in
 * Node.js, else `webcrypto` when `crypto.subtle` exists, else `noble`.
 */
export function getEd25519Backend(): Ed25519Backend {
  current ??= [ed25519Backends.node, ed25519Backends.webcrypto].find((b) => b.available()) ?? ed25519Backends.noble
  return current
}

/**
 * Chooses the Ed25519 backend for every verifier, including cached ones
 * (each verifier imports its key into a backend on first use).
 *
 * @throws {UnsupportedDidError} for an unknown name, or a backend that cannot run in this
 *   runtime (e.g. `node` in a browser).
 */
export function setEd25519Backend(name: Ed25519BackendName): void {
  if (!Object.hasOwn(ed25519Backends, name)) {
    throw new UnsupportedDidError(`unknown Ed25519 backend "${String(name)}"; expected node, webcrypto or noble`)
  }
  const backend = ed25519Backends[name]
  if (!backend.available()) {
    throw new UnsupportedDidError(`the Ed25519 backend "${name}" is not available in this runtime`)
  }
  current = backend
}
