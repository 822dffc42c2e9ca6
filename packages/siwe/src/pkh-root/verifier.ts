import type { Delegation } from '@capchain/core/token'
import { bytesToHex } from '@noble/hashes/utils.js'
import type { RootVerifier } from '@capchain/verifier'
import type { ContractSignatureChecker } from '../contract-wallet/interface.js'
import { parsePkhAccount } from './account.js'
import { InvalidPkhRootError } from './errors.js'
import { verifyPkhSignature } from './signature.js'
import { verifiedRootCache } from '../root/cache.js'

export interface PkhRootVerifierOptions {
  /**
   * Checks signatures of contract wallets (ERC-1271, ERC-6492), e.g.
   * `contractSignatureChecker(...)`. Without one, only signatures that
   * recover the account's own address (EOAs) are accepted.
   */
  contractSignatures?: ContractSignatureChecker
  /**
   * Roots whose EOA signature was verified, kept so that a warm verification
   * does not recover the same secp256k1 signer again (least recently used
   * dropped first; an entry answers only for the exact bytes it was verified
   * from). Contract-wallet signatures are asked every time: the contract's
   * answer can change. Default `SIWE_ROOT_CACHE_SIZE`; `0` turns it off.
   */
  cacheSize?: number
}

/**
 * Wallet-issued UCAN roots: a delegation whose issuer is an Ethereum account
 * (`did:pkh:eip155:<chain id>:<address>`), signed with EIP-191 by the wallet
 * itself, without a SIWE message (as iso-ucan's `EIP191Signer` issues them).
 * Pass it to `createVerifier({ rootVerifiers: { pkh: pkhRootVerifier() } })`:
 * the verifier calls it only for the first delegation of a chain, and refuses
 * a did:pkh issuer anywhere else (`UnsupportedIssuerError`). Its identity is
 * the envelope without its signature (`envelopeIdentity`), as a SIWE root's
 * is the CACAO without its signature, so every signature a contract wallet
 * accepts for one statement spends one cap and falls to one revocation.
 *
 * The returned function resolves `true` or throws (the verifier reports a
 * `SignatureMismatchError` whose `cause` is the error below).
 * @throws {InvalidSiweOptionError} `cacheSize` is not a non-negative integer (thrown by `pkhRootVerifier` itself).
 * @throws {InvalidPkhRootError} the issuer is not an eip155 did:pkh, the subject is not the issuer, or the header is not EIP-191.
 * @throws {InvalidSignatureError} neither the account's key nor its contract accepts the signature.
 * @throws {ContractSignatureUnavailableError} only the contract could decide and it could not be asked.
 */
export function pkhRootVerifier(options: PkhRootVerifierOptions = {}): RootVerifier {
  const checker = options.contractSignatures
  const cache = verifiedRootCache<true>(options.cacheSize)
  return async (root: Delegation) => {
    const context = { cid: root.cid.toString() }
    // Keyed by everything the check below reads, so a hit answers as the check would (time is the verifier's, on every call).
    const key = cacheKey(root)
    if (cache?.get(key, root.envelope.signedBytes) === true) return true
    const { iss, sub } = root.payload
    const account = parsePkhAccount(iss, context)
    // A root grants its issuer's own authority: a wallet can be the root of its own subject only.
    if (sub !== iss) throw new InvalidPkhRootError(`a did:pkh root must have sub = iss (${iss}), got ${String(sub)}`, { ...context, at: 'sub' })
    if (root.envelope.header.alg !== 'EIP191') {
      throw new InvalidPkhRootError(`a did:pkh root is signed with EIP-191, not ${root.envelope.header.alg}`, { ...context, at: 'h' })
    }
    if ((await verifyPkhSignature(root.envelope, account, checker, context)) === 'eoa') cache?.set(key, root.envelope.signedBytes, true)
    return true
  }
}

/** The fields the check reads besides the signed bytes (which the cache compares whole): issuer, subject, algorithm, signature. */
function cacheKey(root: Delegation): string {
  return `${root.payload.iss}\n${String(root.payload.sub)}\n${root.envelope.header.alg}\n${bytesToHex(root.envelope.signature)}`
}
