/**
 * iso-ucan (npm `iso-ucan` 0.5, signers from `iso-signatures` 0.5) as a peer:
 * its signers, its chains, its verifier, and capchain's verdict on its bytes.
 *
 * Valid chains are made with iso-ucan's `Delegation.create` and
 * `Invocation.create`. Those refuse to build an invalid chain, so a near miss
 * is signed with iso-ucan's own envelope encoder (`iso-ucan/envelope`): the
 * bytes are still iso-ucan's, only its pre-flight check is skipped.
 */
import type { VerificationResult } from '@capchain/verifier'
import { parse as parseDid } from 'iso-did'
import { ECDSASigner } from 'iso-signatures/signers/ecdsa.js'
import { EdDSASigner } from 'iso-signatures/signers/eddsa.js'
import { ES256KSigner } from 'iso-signatures/signers/es256k.js'
import { verifier as ecdsaVerifier } from 'iso-signatures/verifiers/ecdsa.js'
import { verifier as eddsaVerifier } from 'iso-signatures/verifiers/eddsa.js'
import { verifier as eip191Verifier } from 'iso-signatures/verifiers/eip191.js'
import { Resolver } from 'iso-signatures/verifiers/resolver.js'
import { Delegation } from 'iso-ucan/delegation'
import * as Envelope from 'iso-ucan/envelope'
import { Invocation } from 'iso-ucan/invocation'
import type { DID } from 'iso-ucan/types'
import { hexToBytes } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { expect } from 'vitest'

/** The clock both sides are given: iso-ucan checks an invocation's `exp` against the real clock, so it is now. */
export const NOW = Math.floor(Date.now() / 1000)

/** Every signature type iso-signatures verifies that capchain also knows. */
export const isoVerifiers = new Resolver({ ...eddsaVerifier, ...ecdsaVerifier, ...eip191Verifier })

/** The key types of the matrix, each with iso-signatures' signer for it. */
export const ISO_SIGNERS = {
  Ed25519: (): Promise<IsoSigner> => EdDSASigner.generate(),
  secp256k1: async (): Promise<IsoSigner> => ES256KSigner.generate(),
  // ECDSASigner exports a CryptoKeyPair, not a string, so iso-ucan's ISigner<string> does not name it.
  'P-256': async (): Promise<IsoSigner> => (await ECDSASigner.generate('P-256')) as unknown as IsoSigner,
  'secp256k1, EIP-191': async (): Promise<IsoSigner> => eip191Signer(),
} as const

/**
 * A secp256k1 did:key that signs EIP-191 (`personal_sign`, 65 bytes with
 * `v`), as iso-signatures' EIP191Signer does through a wallet; that signer
 * only takes an EIP-1193 provider and a did:pkh, so a local viem account
 * stands in for the wallet.
 */
async function eip191Signer(): Promise<IsoSigner> {
  const secret = generatePrivateKey()
  const key = ES256KSigner.generate(hexToBytes(secret))
  const account = privateKeyToAccount(secret)
  return Object.assign(Object.create(Object.getPrototypeOf(key) as object) as IsoSigner, key, {
    signatureType: 'EIP191' as const,
    sign: async (message: Uint8Array) => hexToBytes(await account.signMessage({ message: { raw: message } })),
  })
}

/** What iso-ucan needs of a signer. */
export type IsoSigner = Parameters<typeof Delegation.create>[0]['iss']

/** A signer that claims `claimed`'s DID but signs with `actual`'s key: the wrong-signer near miss. */
export function impostor(claimed: IsoSigner, actual: IsoSigner): IsoSigner {
  return Object.assign(Object.create(Object.getPrototypeOf(claimed) as object) as IsoSigner, claimed, {
    sign: (message: Uint8Array) => actual.sign(message),
    toString: () => claimed.toString(),
  })
}

export function didOf(signer: IsoSigner): DID {
  return signer.did as DID
}

/** A chain made by iso-ucan: `principals[0]` is the subject and root issuer, each next one the audience. */
export interface IsoChain {
  readonly principals: readonly IsoSigner[]
  readonly delegations: readonly Delegation[]
  /** The last audience, who invokes. */
  readonly invoker: IsoSigner
  readonly subject: DID
}

export interface IsoLink {
  readonly cmd?: string
  readonly pol?: unknown[]
  readonly sub?: DID | null
  readonly exp?: number | null
  readonly nbf?: number
}

/**
 * A chain of `links.length` delegations from a fresh subject, made by
 * iso-ucan, each link's issuer the previous audience.
 *
 * @throws {Error} iso-ucan refuses a link (bad command, past expiry)
 */
export async function isoChain(generate: () => Promise<IsoSigner>, links: readonly IsoLink[]): Promise<IsoChain> {
  const principals = await Promise.all(Array.from({ length: links.length + 1 }, () => generate()))
  const subject = didOf(principals[0]!)
  const delegations: Delegation[] = []
  for (const [index, link] of links.entries()) {
    delegations.push(
      await Delegation.create({
        iss: principals[index]!,
        aud: didOf(principals[index + 1]!),
        sub: link.sub === undefined ? subject : link.sub,
        cmd: link.cmd ?? '/storage',
        pol: (link.pol ?? []) as never,
        exp: link.exp === undefined ? NOW + 3600 : link.exp,
        ...(link.nbf === undefined ? {} : { nbf: link.nbf }),
        now: NOW,
      }),
    )
  }
  return { principals, delegations, invoker: principals[links.length]!, subject }
}

export interface IsoInvocationInput {
  readonly iss: IsoSigner
  readonly sub: DID
  readonly aud?: DID
  readonly cmd: string
  readonly args: Record<string, unknown>
  readonly prf: readonly Delegation[]
  readonly exp?: number
  readonly nbf?: number
}

/**
 * An invocation made by iso-ucan's `Invocation.create`, which checks the
 * chain first.
 *
 * @throws {Error} iso-ucan finds the chain invalid
 */
export async function isoInvocation(input: IsoInvocationInput): Promise<Invocation> {
  return Invocation.create({
    ...input,
    args: input.args as never,
    prf: [...input.prf],
    exp: input.exp ?? NOW + 300,
    iat: NOW,
    now: NOW,
    verifierResolver: isoVerifiers,
  })
}

/** A token signed by iso-ucan's envelope encoder with no check of the chain. */
export async function isoSigned(spec: 'dlg' | 'inv', signer: IsoSigner, payload: Record<string, unknown>): Promise<Uint8Array> {
  const signed = await Envelope.sign({ spec, signer, payload: payload as never })
  return Envelope.encode(signed)
}

/** The payload iso-ucan writes for an invocation, for {@link isoSigned}. */
export function invocationPayload(input: IsoInvocationInput): Record<string, unknown> {
  return {
    iss: input.iss.toString(),
    aud: input.aud ?? input.sub,
    sub: input.sub,
    cmd: input.cmd,
    nonce: crypto.getRandomValues(new Uint8Array(12)),
    exp: input.exp ?? NOW + 300,
    args: input.args,
    prf: input.prf.map((d) => d.cid),
    ...(input.nbf === undefined ? {} : { nbf: input.nbf }),
  }
}

/** The payload iso-ucan writes for a delegation, for {@link isoSigned}. */
export function delegationPayload(iss: IsoSigner, aud: DID, sub: DID | null, cmd: string, pol: unknown[] = []): Record<string, unknown> {
  return { iss: iss.toString(), aud, sub, cmd, pol, nonce: crypto.getRandomValues(new Uint8Array(12)), exp: NOW + 3600 }
}

/**
 * iso-ucan verifying an invocation as its README shows: proofs resolved from
 * a map of bytes, every check it has, the receiver's DID when given.
 *
 * @throws {Error} iso-ucan denies it
 */
export async function isoVerify(bytes: Uint8Array, proofs: readonly { cid: { toString(): string }; bytes: Uint8Array }[], audience?: string): Promise<Invocation> {
  const store = new Map(proofs.map((proof) => [proof.cid.toString(), proof.bytes]))
  return Invocation.from({
    bytes,
    verifierResolver: isoVerifiers,
    now: NOW,
    ...(audience === undefined ? {} : { audience: parseDid(audience) as never }),
    resolveProof: async (cid) => {
      const proof = store.get(cid.toString())
      if (proof === undefined) throw new Error(`no proof ${cid.toString()}`)
      return Delegation.from({ bytes: proof, verifierResolver: isoVerifiers, now: NOW })
    },
  })
}

/** Assert capchain denied with `code` at `at`. */
export function expectDenied(result: VerificationResult<unknown>, code: string, at: string): void {
  if (result.ok) return expect.fail(`expected ${code} at ${at}, but the chain was accepted`)
  expect({ code: result.error.code, at: result.error.at }, result.error.message).toStrictEqual({ code, at })
}

/** Assert capchain accepted, and return the value. */
export function expectAccepted<T>(result: VerificationResult<T>): T {
  if (!result.ok) return expect.fail(`expected acceptance, got ${result.error.code} at ${result.error.at}: ${result.error.message}`)
  return result.value
}
