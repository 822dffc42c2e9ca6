import { verifyEnvelopeSignature } from '../envelope/verify.js'
import { InvalidSignatureError } from '../errors.js'
import { verifierFromDid } from '../principal/index.js'
import type { Verifier } from '../principal/interface.js'
import type { Token } from './interface.js'

/**
 * Check a token's signature against its issuer. Without a `verifier`, the
 * issuer must be a did:key; other DID methods need a resolved verifier (the
 * `@capchain/verifier` package resolves them).
 *
 * @throws {InvalidSignatureError} the signature does not verify
 * @throws {InvalidDidError | UnsupportedDidError} no verifier given and the issuer is not a usable did:key
 */
export async function verifyTokenSignature(token: Token, verifier?: Verifier): Promise<void> {
  const key = verifier ?? verifierFromDid(token.payload.iss)
  if (!(await verifyEnvelopeSignature(token.envelope, key))) {
    throw new InvalidSignatureError(
      `signature does not verify against the issuer ${token.payload.iss} (${token.envelope.header.alg})`,
      { cid: token.cid.toString(), at: 'envelope[0]' },
    )
  }
}
