/**
 * Delegation-chain verification, for a holder checking a chain before using
 * it. The same rules as for an invocation, minus what needs one (`args`,
 * the invoker, caveats):
 *
 *  1. the chain length within `maxChainLength`, before anything is decoded;
 *  2. each token: size, one decode (or a CID check if decoded), a delegation;
 *  3. no CID twice;
 *  4. order: root-first or leaf-first, read from the structure;
 *  5. signatures, in parallel, cached by CID;
 *  6. the structural walk: time, subject (root `iss == sub`, no powerline at
 *     the root), principal alignment, command attenuation;
 *  7. the last delegation is addressed to `audience`, when given;
 *  8. every policy parses (it is evaluated only at invocation time);
 *  9. revocation, one hook call for the chain.
 */
import type { Delegation } from '@capchain/core/token'
import type { DelegationLink } from './chain/link.js'
import { where } from './chain/link.js'
import { parsedPolicy } from './chain/policy.js'
import { checkRevocation } from './chain/revocation.js'
import { notBefore } from './chain/time.js'
import { walkChain } from './chain/walk.js'
import { foreignFormat, misplacedRoot, verifyForeignRoot } from './root/foreign.js'
import type { PendingRoot } from './root/foreign.js'
import { dagCborCid } from '@capchain/core/lean'
import { cidKey } from './cid-key.js'
import { asDelegation, toLink } from './decode.js'
import { AudienceMismatchError, ChainTooLongError, DuplicateProofError, TokenTooLargeError, VerificationError } from './errors.js'
import type { ChainLink, DelegationVerification, VerifiedDelegationChain, VerifyDelegationOptions } from './interface.js'
import { detectOrder, rootFirst } from './proofs/order.js'
import { resolveSettings } from './settings.js'
import { checkSignatures } from './signature/check.js'
import type { SignatureDeps } from './signature/check.js'
import { earliestExpiration } from './verify-invocation.js'

/** @throws {InvalidOptionsError} only for options out of range; every denial is returned */
export async function verifyDelegationWith(
  deps: SignatureDeps,
  chain: readonly (Uint8Array | Delegation)[],
  options: VerifyDelegationOptions,
): Promise<DelegationVerification> {
  const { now, skew, limits } = resolveSettings(options)
  let links: readonly ChainLink[] = []
  const deny = (error: VerificationError): DelegationVerification => ({ ok: false, error, links })

  // 1. Length, before any decoding.
  if (chain.length > limits.maxChainLength) return deny(new ChainTooLongError(chain.length, limits.maxChainLength, { at: 'chain' }))

  // 2–3. Each token once; no CID twice.
  const decoded: DelegationLink[] = []
  const seen = new Map<string, string>()
  let pendingRoot: PendingRoot | undefined
  for (const [i, source] of chain.entries()) {
    const at = `chain[${i}]`
    const format = source instanceof Uint8Array ? foreignFormat(source, deps.rootFormats) : undefined
    if (format !== undefined && source instanceof Uint8Array) {
      if (source.length > limits.maxTokenBytes) return deny(new TokenTooLargeError(source.length, limits.maxTokenBytes, { at }))
      const pending: PendingRoot = { at, cid: dagCborCid(source), bytes: source, format }
      // A foreign root can only be the root: first when listed root-first, last when leaf-first.
      if (pendingRoot !== undefined || (i !== 0 && i !== chain.length - 1)) return deny(misplacedRoot(pending))
      pendingRoot = pending
      continue
    }
    const link = toLink(source, at, limits)
    if (link instanceof VerificationError) return deny(link)
    const delegation = asDelegation(link)
    if (delegation instanceof VerificationError) return deny(delegation)
    const key = cidKey(delegation.cid)
    const first = seen.get(key)
    if (first !== undefined) return deny(new DuplicateProofError(first, { at: delegation.at, cid: delegation.cid.toString() }))
    seen.set(key, delegation.at)
    decoded.push(delegation)
  }

  // 4. Order (or where a foreign root stands); everything below is root first.
  const proofOrder =
    pendingRoot === undefined
      ? detectOrder(
          decoded.map((link) => link.token),
          options.audience,
        )
      : pendingRoot.at === 'chain[0]'
        ? 'root-first'
        : 'leaf-first'
  let delegations = rootFirst(decoded, proofOrder)

  // 5. Signatures; a foreign root is verified by its format, at the same time.
  const next = delegations[0]?.token.payload.cmd
  const rootVerifying =
    pendingRoot === undefined ? undefined : verifyForeignRoot(pendingRoot, next, undefined, now, skew, limits)
  const checking = checkSignatures(deps, delegations)
  if (rootVerifying !== undefined) {
    const root = await rootVerifying
    if (root instanceof VerificationError) return deny(root)
    delegations = [root, ...delegations]
  }
  links = delegations
  const signatureError = checking instanceof Promise ? await checking : checking
  if (signatureError !== undefined) return deny(signatureError)

  // 6. Time, subject, principals, commands (an empty chain is denied here).
  const walked = walkChain(delegations, undefined, now, skew)
  if (walked instanceof VerificationError) return deny(walked)
  const root = delegations[0]!
  const leaf = delegations[delegations.length - 1]!

  // 7. Addressed to the holder.
  if (options.audience !== undefined && leaf.token.payload.aud !== options.audience) {
    return deny(new AudienceMismatchError(options.audience, leaf.token.payload.aud, where(leaf)))
  }

  // 8. Policies must at least be valid; they are evaluated against args at invocation time.
  for (const link of delegations) {
    const policy = parsedPolicy(link, deps.cache, deps.serviceCaveats)
    if (policy instanceof VerificationError) return deny(policy)
  }

  // 9. Revocation.
  if (options.isRevoked !== undefined) {
    const revoked = await checkRevocation(options.isRevoked, delegations)
    if (revoked !== undefined) return deny(revoked)
  }

  const tokens = delegations.map((link) => link.token)
  const value: VerifiedDelegationChain = {
    subject: walked.subject,
    command: walked.command,
    issuer: root.token.payload.iss,
    audience: leaf.token.payload.aud,
    policies: tokens.map((token) => token.payload.pol),
    chain: delegations.map((link) => link.cid),
    delegations: tokens,
    proofOrder,
    expiration: earliestExpiration(tokens),
    notBefore: latestNotBefore(tokens),
  }
  return { ok: true, value, links }
}

function latestNotBefore(tokens: readonly Delegation[]): number | null {
  let latest: number | null = null
  for (const token of tokens) {
    const nbf = notBefore(token)
    if (nbf !== undefined && (latest === null || nbf > latest)) latest = nbf
  }
  return latest
}
