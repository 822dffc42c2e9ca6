/**
 * Wallet-issued UCAN roots for the did:pkh tests: a delegation whose issuer is
 * an Ethereum account, signed over the envelope's signed bytes with EIP-191
 * `personal_sign` (as iso-ucan's `EIP191Signer` signs them), and an
 * invocation by the session key that stands on it.
 */
import { HEADER_BYTES } from '@capchain/core/varsig'
import { generateSigner } from '@capchain/core/principal'
import type { DID, Signer } from '@capchain/core/principal'
import { createInvocation, decodeDelegation } from '@capchain/core/token'
import type { Delegation, IPLDMap } from '@capchain/core/token'
import { createVerifier } from '@capchain/verifier'
import type { RootVerifier, VerificationResult, AuthorizedInvocation } from '@capchain/verifier'
import * as dagCbor from '@ipld/dag-cbor'
import { personalSign } from './helpers.js'
import { NOW, SESSION } from './root-helpers.js'

export const SERVICE: Promise<Signer> = generateSigner('Ed25519')

export interface PkhRootInput {
  readonly iss: DID
  readonly sub?: DID | null
  /** The signature over the signed bytes; default the wallet of `secretKey`'s 65-byte personal_sign. */
  readonly sign?: (signedBytes: Uint8Array) => Uint8Array
  readonly secretKey?: Uint8Array
  readonly header?: Uint8Array
  readonly tag?: string
}

/** A delegation from `iss` to the session key for `/storage`, signed as a wallet signs it. */
export function pkhRoot(input: PkhRootInput): Delegation {
  const payload: IPLDMap = {
    iss: input.iss,
    aud: SESSION.did(),
    sub: input.sub === undefined ? input.iss : input.sub,
    cmd: '/storage',
    pol: [],
    nonce: new Uint8Array(12).fill(9),
    exp: NOW + 3600,
  }
  const signed = { h: input.header ?? HEADER_BYTES.EIP191, [input.tag ?? 'ucan/dlg@1.0.0']: payload }
  const signedBytes = dagCbor.encode(signed)
  const signature = input.sign?.(signedBytes) ?? personalSign(signedBytes, input.secretKey)
  return decodeDelegation(dagCbor.encode([signature, signed]))
}

/** The same signed payload under another signature. */
export function resigned(root: Delegation, signature: Uint8Array): Delegation {
  return decodeDelegation(dagCbor.encode([signature, dagCbor.decode(root.envelope.signedBytes)]))
}

/** A read by the session key on the root's subject, with `chain` (root first) as proofs, through a verifier that accepts did:pkh roots with `pkh`, at `now`. */
export async function readThrough(
  pkh: RootVerifier | undefined,
  chain: readonly Delegation[],
  subject: DID,
  issuer: Signer = SESSION,
  now: number = NOW,
): Promise<VerificationResult<AuthorizedInvocation>> {
  const service = await SERVICE
  const invocation = await createInvocation({
    issuer,
    subject,
    audience: service.did(),
    command: '/storage/read',
    args: { path: '/a.txt' },
    proofs: chain.map((link) => link.cid),
    expiration: now + 300,
  })
  const verifier = createVerifier(pkh === undefined ? {} : { rootVerifiers: { pkh } })
  return verifier.verifyInvocation(invocation.bytes, { proofs: chain.map((link) => link.bytes), now, audience: service.did() })
}
