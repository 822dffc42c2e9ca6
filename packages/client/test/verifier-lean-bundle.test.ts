/**
 * `@capchain/verifier/lean` in a browser bundle: no ECDSA code (no noble
 * curves, no keccak) and no inflater, an Ed25519 did:key chain accepted, a
 * secp256k1 or P-256 issuer refused as unsupported until the app calls
 * `registerEcdsa` (`@capchain/core/ecdsa`), a gzip proof container refused
 * until it calls `registerGzip` (`@capchain/core/gzip`). The default
 * entries, bundled the same way, still accept all of it: their
 * registrations survive tree shaking. `@capchain/core/lean` makes ECDSA
 * signers and writes gzip containers only once registered, too. Each case
 * runs the bundle itself, with its own copy of core.
 */
import { encodeContainer } from '@capchain/core/container'
import { generateSigner } from '@capchain/core/principal'
import type { KeyType, Verifier } from '@capchain/core/principal'
import { createDelegation, createInvocation } from '@capchain/core/token'
import type { ChainVerifier, VerifierConfig } from '@capchain/verifier'
import { beforeAll, describe, expect, it } from 'vitest'
import { bundleForBrowser } from './support/bundle.js'
import { loadBundle } from './support/load-bundle.js'

const NOW = 1_800_000_000
const OPT_IN_FILES = /@noble\/curves|@noble\/hashes\/sha3|principal\/ecdsa-(curves|verifier|backends)|fflate|container\/gzip\.ts/

interface VerifierBundle {
  createVerifier(config?: VerifierConfig): ChainVerifier
  registerEcdsa?: () => void
  registerGzip?: () => void
}

interface Chain {
  readonly invocation: Uint8Array
  readonly proofs: Uint8Array[] | Uint8Array
}

/** space (of `keyType`) ─/storage─▶ bob (Ed25519) ─invoke /storage/write─▶ */
async function chainFrom(keyType: KeyType): Promise<Chain> {
  const [space, bob] = await Promise.all([generateSigner(keyType), generateSigner('Ed25519')])
  const root = await createDelegation({
    issuer: space,
    audience: bob.did(),
    subject: space.did(),
    command: '/storage',
    policy: [],
    expiration: NOW + 3600,
  })
  const invocation = await createInvocation({
    issuer: bob,
    subject: space.did(),
    command: '/storage/write',
    args: { size: 100 },
    proofs: [root.cid],
    expiration: NOW + 300,
    issuedAt: NOW,
  })
  return { invocation: invocation.bytes, proofs: [root.bytes] }
}

/** The verdict of `verifier` on `chain`: 'accepted' or the denial's code, with its cause's code when it has one. */
async function verdict(verifier: ChainVerifier, chain: Chain): Promise<string> {
  const result = await verifier.verifyInvocation(chain.invocation, { proofs: chain.proofs, now: NOW })
  if (result.ok) return 'accepted'
  const cause = (result.error.cause as { code?: string } | undefined)?.code
  return cause === undefined ? result.error.code : `${result.error.code} (${cause})`
}

const chains: Partial<Record<KeyType, Chain>> = {}
beforeAll(async () => {
  for (const keyType of ['Ed25519', 'secp256k1', 'P-256'] as const) chains[keyType] = await chainFrom(keyType)
})
const chain = (keyType: KeyType): Chain => chains[keyType]!
/** The Ed25519 chain with its proofs in a gzip container (header O). */
const gzipped = (): Chain => ({ ...chain('Ed25519'), proofs: encodeContainer(chain('Ed25519').proofs as Uint8Array[], 'base64+gzip') })

describe('@capchain/verifier/lean', () => {
  it('holds no ECDSA or gzip code, accepts Ed25519 did:keys and refuses the rest', async () => {
    const bundle = await bundleForBrowser(`export { createVerifier } from '@capchain/verifier/lean'`)
    expect(bundle.inputs.filter((file) => OPT_IN_FILES.test(file))).toEqual([])
    const verifier = (await loadBundle<VerifierBundle>(bundle)).createVerifier()
    expect(await verdict(verifier, chain('Ed25519'))).toBe('accepted')
    expect(await verdict(verifier, chain('secp256k1'))).toBe('ERR_ISSUER_UNSUPPORTED (ERR_DID_UNSUPPORTED)')
    expect(await verdict(verifier, chain('P-256'))).toBe('ERR_ISSUER_UNSUPPORTED (ERR_DID_UNSUPPORTED)')
    expect(await verdict(verifier, gzipped())).toBe('ERR_CONTAINER_UNDECODABLE (ERR_CONTAINER_UNSUPPORTED)')
  })

  it('reads gzip containers once the app calls registerGzip', async () => {
    const bundle = await bundleForBrowser(
      `export { createVerifier } from '@capchain/verifier/lean'\nexport { registerGzip } from '@capchain/core/gzip'`,
    )
    const loaded = await loadBundle<VerifierBundle>(bundle)
    const verifier = loaded.createVerifier()
    expect(await verdict(verifier, gzipped())).toBe('ERR_CONTAINER_UNDECODABLE (ERR_CONTAINER_UNSUPPORTED)')
    loaded.registerGzip!()
    expect(await verdict(verifier, gzipped())).toBe('accepted')
    expect(await verdict(verifier, chain('secp256k1'))).toBe('ERR_ISSUER_UNSUPPORTED (ERR_DID_UNSUPPORTED)')
  })

  it('accepts secp256k1 and P-256 once the app calls registerEcdsa', async () => {
    const bundle = await bundleForBrowser(
      `export { createVerifier } from '@capchain/verifier/lean'\nexport { registerEcdsa } from '@capchain/core/ecdsa'`,
    )
    const loaded = await loadBundle<VerifierBundle>(bundle)
    const verifier = loaded.createVerifier()
    expect(await verdict(verifier, chain('secp256k1'))).toBe('ERR_ISSUER_UNSUPPORTED (ERR_DID_UNSUPPORTED)')
    loaded.registerEcdsa!()
    expect(await verdict(verifier, chain('secp256k1'))).toBe('accepted')
    expect(await verdict(verifier, chain('P-256'))).toBe('accepted')
    expect(await verdict(verifier, chain('Ed25519'))).toBe('accepted')
  })
})

interface LeanCoreBundle {
  generateSigner(keyType: KeyType): Promise<{ did(): string }>
  encodeContainer(tokens: readonly Uint8Array[], format?: string): Uint8Array
  decodeContainer(input: Uint8Array): { tokens: Uint8Array[] }
  registerEcdsa(): void
  registerGzip(): void
}

describe('@capchain/core/lean, the entry the client and SIWE sign and write with', () => {
  it('makes Ed25519 signers and plain containers; ECDSA signers and gzip writing only once registered', async () => {
    const bundle = await bundleForBrowser(
      `export { decodeContainer, encodeContainer, generateSigner } from '@capchain/core/lean'\n` +
        `export { registerEcdsa } from '@capchain/core/ecdsa'\nexport { registerGzip } from '@capchain/core/gzip'`,
    )
    const core = await loadBundle<LeanCoreBundle>(bundle)
    const tokens = chain('Ed25519').proofs as Uint8Array[]
    expect((await core.generateSigner('Ed25519')).did()).toMatch(/^did:key:z6Mk/)
    expect(core.decodeContainer(core.encodeContainer(tokens, 'base64url')).tokens).toEqual(tokens)
    for (const keyType of ['secp256k1', 'P-256'] as const) {
      await expect(core.generateSigner(keyType), keyType).rejects.toMatchObject({ code: 'ERR_KEY_INVALID', message: expect.stringMatching(/not enabled/) })
    }
    expect(() => core.encodeContainer(tokens, 'base64+gzip')).toThrow(expect.objectContaining({ code: 'ERR_CONTAINER_UNSUPPORTED' }))
    core.registerEcdsa()
    core.registerGzip()
    expect((await core.generateSigner('secp256k1')).did()).toMatch(/^did:key:zQ3s/)
    expect((await core.generateSigner('P-256')).did()).toMatch(/^did:key:zDn/)
    expect(core.decodeContainer(core.encodeContainer(tokens, 'base64+gzip')).tokens).toEqual(tokens)
  })
})

describe('the default entries, bundled', () => {
  it('@capchain/verifier accepts every key type and gzip containers', async () => {
    const verifier = (await loadBundle<VerifierBundle>(await bundleForBrowser(`export { createVerifier } from '@capchain/verifier'`))).createVerifier()
    for (const keyType of ['Ed25519', 'secp256k1', 'P-256'] as const) expect(await verdict(verifier, chain(keyType)), keyType).toBe('accepted')
    expect(await verdict(verifier, gzipped())).toBe('accepted')
  })

  it('@capchain/core/container reads gzip containers', async () => {
    const bundle = await bundleForBrowser(`export { decodeContainer } from '@capchain/core/container'`)
    const { decodeContainer } = await loadBundle<{ decodeContainer(input: Uint8Array): { tokens: Uint8Array[] } }>(bundle)
    expect(decodeContainer(gzipped().proofs as Uint8Array).tokens).toEqual(chain('Ed25519').proofs)
  })

  it('@capchain/core/principal parses every key type', async () => {
    const bundle = await bundleForBrowser(`export { verifierFromDid } from '@capchain/core/principal'`)
    const { verifierFromDid } = await loadBundle<{ verifierFromDid(did: string): Verifier }>(bundle)
    for (const keyType of ['secp256k1', 'P-256'] as const) {
      const signer = await generateSigner(keyType)
      expect(verifierFromDid(signer.did()).keyType).toBe(keyType)
    }
  })
})
