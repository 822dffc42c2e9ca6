/**
 * Bundled into the page of browser-ed25519.test.ts: core's WebCrypto and
 * noble Ed25519 backends, run in the browser on cases prepared in Node.
 */
import { ed25519Backends } from '../../src/principal/index.js'

interface Case {
  readonly publicKey: number[]
  readonly message: number[]
  readonly signature: number[]
}

async function verifyAll(backend: 'webcrypto' | 'noble', cases: readonly Case[]): Promise<boolean[]> {
  const results: boolean[] = []
  for (const c of cases) {
    results.push(await ed25519Backends[backend].verify(Uint8Array.from(c.publicKey), Uint8Array.from(c.message), Uint8Array.from(c.signature)))
  }
  return results
}

Object.assign(globalThis, {
  capchainEd25519: { verifyAll, webcryptoAvailable: ed25519Backends.webcrypto.available() },
})
