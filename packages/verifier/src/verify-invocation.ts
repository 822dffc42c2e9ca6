/**
 * Invocation verification, step by step (docs/verification.md has the why):
 *
 *  1. the invocation: size, then one decode (or a CID check if decoded);
 *  2. `prf`: length within `maxChainLength`, no duplicate CID;
 *  3. proofs: every `prf` CID found by hashing what was supplied or
 *     resolved (proofs/collect.ts), then decoded once per CID (cached);
 *  4. order: root-first or leaf-first, read from the structure (proofs/order.ts);
 *  5. signatures of every token, in parallel, cached by CID (signature/check.ts);
 *  6. the structural walk: time, subject, principal alignment, command
 *     attenuation, link by link (chain/walk.ts);
 *  7. the invocation is addressed to this service (`audience`);
 *  8. every policy holds on `args` (chain/policy.ts), less the statements
 *     the service enforces itself (`serviceCaveats`), which need a hook;
 *  9. revocation, one hook call for the chain (chain/revocation.ts);
 * 10. stateful caveats (`checkCaveats`), given those statements.
 *
 * The first failing step answers. Denials are returned, never thrown.
 */
import { envelopeIdentity } from '@capchain/core/lean'
import type { Delegation, Invocation, Token } from '@capchain/core/token'
import type { CID } from 'multiformats/cid'
import type { DelegationLink } from './chain/link.js'
import { where } from './chain/link.js'
import { identifyCaveats } from './chain/identity.js'
import { checkPolicies } from './chain/policy.js'
import { cidKey } from './cid-key.js'
import { checkRevocation } from './chain/revocation.js'
import { walkChain } from './chain/walk.js'
import { foreignFormat, misplacedRoot, verifyForeignRoot } from './root/foreign.js'
import type { PendingRoot } from './root/foreign.js'
import { asDelegation, decodeProof, toLink } from './decode.js'
import {
  AudienceMismatchError,
  CaveatDeniedError,
  ChainTooLongError,
  DuplicateProofError,
  UnenforcedCaveatError,
  VerificationError,
  WrongTokenKindError,
} from './errors.js'
import type {
  AuthorizedInvocation,
  CaveatCheck,
  CaveatContext,
  ChainLink,
  InvocationVerification,
  VerifyInvocationOptions,
} from './interface.js'
import { collectProofs } from './proofs/collect.js'
import { detectOrder, rootFirst } from './proofs/order.js'
import { resolveSettings } from './settings.js'
import type { TokenMemo } from './signature/cache.js'
import { checkSignatures } from './signature/check.js'
import type { SignatureDeps } from './signature/check.js'

/** @throws {InvalidOptionsError} only for options out of range; every denial is returned */
export async function verifyInvocationWith(
  deps: SignatureDeps,
  input: Uint8Array | Invocation,
  options: VerifyInvocationOptions,
): Promise<InvocationVerification> {
  const { now, skew, limits } = resolveSettings(options)
  let links: readonly ChainLink[] = []
  const deny = (error: VerificationError): InvocationVerification => ({ ok: false, error, links })

  // 1. The invocation.
  const link = toLink(input, 'invocation', limits)
  if (link instanceof VerificationError) return deny(link)
  const invocation = link.token
  if (invocation.kind !== 'inv') return deny(new WrongTokenKindError('invocation', where(link)))
  links = [link]
  const { prf } = invocation.payload

  // 2. Counts and duplicates, before any proof is looked at.
  if (prf.length > limits.maxChainLength) return deny(new ChainTooLongError(prf.length, limits.maxChainLength, where(link)))
  const prfKeys = prf.map(cidKey)
  const duplicate = findDuplicate(prf, prfKeys)
  if (duplicate !== undefined) return deny(duplicate)

  // 3. Proofs, matched by the CID of their bytes, decoded once per CID.
  const collecting = collectProofs(prf, options.proofs, options.resolve, limits, deps.cache, prfKeys)
  const collected = collecting instanceof Promise ? await collecting : collecting
  if (!collected.ok) return deny(collected.error)
  const proofs: DelegationLink[] = []
  // The cache entry of each proof decoded from bytes, kept to check its signature and policy without looking it up again.
  const memos: (TokenMemo | undefined)[] = []
  let pendingRoot: PendingRoot | undefined
  for (const [index, { at, cid, source }] of collected.proofs.entries()) {
    const format = source instanceof Uint8Array ? foreignFormat(source, deps.rootFormats) : undefined
    if (format !== undefined) {
      const pending: PendingRoot = { at, cid, bytes: source as Uint8Array, format }
      // A foreign root can only be the root: first when listed root-first, last when leaf-first.
      if (pendingRoot !== undefined || (index !== 0 && index !== collected.proofs.length - 1)) return deny(misplacedRoot(pending))
      pendingRoot = pending
      continue
    }
    const key = prfKeys[index]!
    const memo = source instanceof Uint8Array ? deps.cache.memo(key) : undefined
    const delegation =
      memo !== undefined
        ? decodeProof(source as Uint8Array, at, cid, key, deps.cache, memo, limits)
        : asDelegation({ at, cid, identity: envelopeIdentity({ ...(source as Delegation).envelope, cid }), token: source as Delegation, callerDecoded: true })
    if (delegation instanceof VerificationError) return deny(delegation)
    proofs.push(delegation)
    memos.push(memo)
  }

  // 4. Order, read from the structure (or from where a foreign root stands); everything below is root first.
  const proofOrder =
    pendingRoot === undefined
      ? detectOrder(
          proofs.map((proof) => proof.token),
          invocation.payload.iss,
        )
      : pendingRoot.at === 'prf[0]'
        ? 'root-first'
        : 'leaf-first'
  let delegations = rootFirst(proofs, proofOrder)
  let delegationMemos = rootFirst(memos, proofOrder)

  // 5. Signatures; a foreign root is verified by its format, at the same time.
  const rootVerifying =
    pendingRoot === undefined
      ? undefined
      : verifyForeignRoot(pendingRoot, delegations[0]?.token.payload.cmd ?? invocation.payload.cmd, invocation.payload.cmd, now, skew, limits)
  const checking = checkSignatures(deps, [...delegations, link], delegationMemos)
  if (rootVerifying !== undefined) {
    const root = await rootVerifying
    if (root instanceof VerificationError) return deny(root)
    delegations = [root, ...delegations]
    delegationMemos = [undefined, ...delegationMemos]
  }
  links = [...delegations, link]
  const signatureError = checking instanceof Promise ? await checking : checking
  if (signatureError !== undefined) return deny(signatureError)

  // 6. Time, subject, principals, commands.
  const walked = walkChain(delegations, link, now, skew)
  if (walked instanceof VerificationError) return deny(walked)

  // 7. Addressed to this service.
  const audience = invocation.payload.aud ?? invocation.payload.sub
  if (options.audience !== undefined && audience !== options.audience) {
    return deny(new AudienceMismatchError(options.audience, audience, where(link)))
  }

  // 8. Policies.
  const checked = checkPolicies(delegations, invocation.payload.args, deps.cache, deps.serviceCaveats, delegationMemos, limits.maxPolicySteps)
  if (checked instanceof VerificationError) return deny(checked)
  const enforced = identifyCaveats(checked, delegations)
  // Statements taken out of the policies hold only if a hook enforces them (fail closed).
  if (enforced.length > 0 && options.checkCaveats === undefined) {
    const first = enforced[0]!
    return deny(new UnenforcedCaveatError({ cid: first.cid.toString(), at: first.at }))
  }

  // 9. Revocation.
  if (options.isRevoked !== undefined) {
    const revoked = await checkRevocation(options.isRevoked, links)
    if (revoked !== undefined) return deny(revoked)
  }

  const authorization: AuthorizedInvocation = {
    subject: walked.subject,
    command: invocation.payload.cmd,
    args: invocation.payload.args,
    issuer: invocation.payload.iss,
    audience,
    chain: links.map((l) => l.cid),
    delegations: delegations.map((d) => d.token),
    invocation,
    proofOrder,
    expiration: earliestExpiration(links.map((l) => l.token)),
  }

  // 10. Stateful caveats.
  if (options.checkCaveats !== undefined) {
    const denial = await runCaveats(options.checkCaveats, { authorization, now, enforced }, link)
    if (denial !== undefined) return deny(denial)
  }
  return { ok: true, value: authorization, links }
}

/** The first CID listed twice in `prf` (`keys` are their cid-key.ts keys). */
function findDuplicate(prf: readonly CID[], keys: readonly string[]): DuplicateProofError | undefined {
  if (keys.length <= 16) {
    // A few keys: comparing pairs is cheaper than building a map.
    for (let i = 1; i < keys.length; i++) {
      for (let first = 0; first < i; first++) {
        if (keys[first] === keys[i]) return new DuplicateProofError(`prf[${first}]`, { at: `prf[${i}]`, cid: prf[i]!.toString() })
      }
    }
    return undefined
  }
  const seen = new Map<string, number>()
  for (let i = 0; i < keys.length; i++) {
    const first = seen.get(keys[i]!)
    if (first !== undefined) return new DuplicateProofError(`prf[${first}]`, { at: `prf[${i}]`, cid: prf[i]!.toString() })
    seen.set(keys[i]!, i)
  }
  return undefined
}

/** Earliest non-null `exp`, or `null` when no token expires. */
export function earliestExpiration(tokens: readonly Token[]): number | null {
  let earliest: number | null = null
  for (const token of tokens) {
    const exp = token.payload.exp
    if (exp !== null && (earliest === null || exp < earliest)) earliest = exp
  }
  return earliest
}

async function runCaveats(
  check: CaveatCheck,
  context: CaveatContext,
  link: ChainLink,
): Promise<VerificationError | undefined> {
  let verdict: unknown
  try {
    verdict = await check(context)
  } catch (thrown) {
    verdict = thrown
  }
  if (verdict === undefined) return undefined
  if (verdict instanceof VerificationError) return verdict
  // Anything else a hook answers or throws denies (fail closed), wrapped so the result stays typed.
  const reason = verdict instanceof Error ? verdict.message : String(verdict)
  return new CaveatDeniedError(`a caveat check denied the invocation: ${reason}`, { ...where(link), cause: verdict })
}
