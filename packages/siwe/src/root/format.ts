import { CapchainError, InvalidSignatureError } from '@capchain/core/errors'
import type { ForeignRoot, RootDenialReason, RootFormat, RootVerification } from '@capchain/verifier'
import { checkCacaoSize, looksLikeCacao } from '../cacao/decode.js'
import { MAX_CACAO_BYTES } from '../cacao/interface.js'
import type { ContractSignatureChecker } from '../contract-wallet/interface.js'
import { ContractSignatureUnavailableError, InvalidSiweOptionError, SiweExpiredError, SiweNotYetValidError } from '../errors.js'
import { verifiedRootCache, type VerifiedRoot } from './cache.js'
import { checkDomains } from './domains.js'
import type { SiweRootLink } from './interface.js'
import { checkMaxSessionLifetime, checkRootLifetime, rootLifetime } from './lifetime.js'
import { rootForCommand } from './select.js'
import { checkRootClock, checkRootTime } from './time.js'
import { verifySiweRoot } from './verify.js'

export interface SiweRootFormatOptions {
  /** SIWE `domain`s this service trusts, compared exactly; read once, when the format is made. Absent: any domain. */
  readonly domains?: readonly string[]
  /** On-chain checks for contract wallets (ERC-1271, ERC-6492). Absent: EOA signatures only. */
  readonly contractSignatures?: ContractSignatureChecker
  /**
   * Roots signed by an EOA whose verification is remembered, by CID (least
   * recently used dropped first). Default {@link SIWE_ROOT_CACHE_SIZE}; `0`
   * verifies every root in full on every call.
   */
  readonly cacheSize?: number
  /**
   * Longest accepted `Expiration Time − Issued At`, in seconds. Default
   * `DEFAULT_MAX_SESSION_LIFETIME` (7 days); a root without
   * `Expiration Time` is refused unless this is `null` (no bound). A root
   * whose `Issued At` is later than now plus the skew is always refused.
   */
  readonly maxSessionLifetime?: number | null
}

type VerifyContext = Parameters<RootFormat['verify']>[1]

const FORMAT = 'SIWE (CAIP-74 CACAO)'

/**
 * The SIWE root as a chain-root format for `@capchain/verifier`:
 * `createVerifier({ rootFormats: [siweRootFormat({ domains: ['app.example'] })] })`
 * lets chains start at a CACAO signed by the user's wallet. See docs/siwe-root.md.
 *
 * Each format keeps its own bounded cache of verified roots, by CID, so a
 * warm chain does not recover the wallet's key on every request. The policy:
 * - only successes are cached: a refused root is verified in full again
 *   next time (a root that is not valid yet becomes valid; a refusal is
 *   never a reason to skip checks);
 * - only EOA signatures (the `personal_sign` signature recovers to the
 *   account's own address), whose validity is a pure function of the bytes.
 *   A contract wallet's answer (ERC-1271, ERC-6492) is chain state (owners
 *   rotate, a wallet gets deployed or upgraded) and is asked on every call;
 * - what is cached is what no clock can change: the decoded root, its domain
 *   (checked against this format's `domains`, fixed at construction), its
 *   ReCap mapping, its signature. On a hit, everything that depends on the
 *   call runs again with the same errors as a full verification: the
 *   clock options, the size against this call's `maxBytes` (limits are per
 *   call), and `nbf` / `exp` against this call's `now` and `clockSkew`;
 * - an entry answers only for the exact bytes it was verified from (a
 *   private copy is compared with the bytes given), whatever CID is claimed.
 * The session's lifetime (lifetime.ts) is checked on every call, cached or not.
 * @throws {InvalidSiweOptionError} if `domains` is not an array of strings, `cacheSize` not a non-negative integer, or `maxSessionLifetime` not a positive integer or `null`.
 */
export function siweRootFormat(options: SiweRootFormatOptions = {}): RootFormat {
  checkDomains(options.domains)
  // Cached verdicts were checked against these domains: a copy, so editing the caller's array later cannot widen them.
  const domains = options.domains === undefined ? undefined : Object.freeze([...options.domains])
  const { contractSignatures } = options
  const cache = verifiedRootCache<VerifiedRoot>(options.cacheSize)
  const maxLifetime = checkMaxSessionLifetime(options.maxSessionLifetime)

  async function verifyInFull(bytes: Uint8Array, cid: string, context: VerifyContext, maxBytes: number): Promise<RootVerification> {
    try {
      const link = await verifySiweRoot(bytes, {
        now: context.now,
        clockSkew: context.clockSkew,
        expectedCid: context.cid,
        maxBytes,
        ...(domains === undefined ? {} : { domains }),
        ...(contractSignatures === undefined ? {} : { contractSignatures }),
      })
      const lifetime = rootLifetime(link.siwe, link.exp)
      checkRootLifetime(lifetime, maxLifetime, context.now, context.clockSkew, { cid })
      const verified: VerifiedRoot = { cid, verdict: accepted(link), lifetime }
      // EOA only: a contract wallet's verdict is chain state and must be asked again on every call.
      if (cache !== undefined && link.signer === 'eoa') cache.set(cid, bytes, verified)
      return verified.verdict
    } catch (error) {
      return denial(error)
    }
  }

  return {
    name: FORMAT,
    detect: looksLikeCacao,
    async verify(bytes, context): Promise<RootVerification> {
      const cid = context.cid.toString()
      // The verifier's token limit, but never above the CACAO's own.
      const maxBytes = Math.min(context.maxBytes, MAX_CACAO_BYTES)
      const known = cache?.get(cid, bytes)
      return known === undefined ? verifyInFull(bytes, cid, context, maxBytes) : recheck(known, bytes, context, maxBytes, maxLifetime)
    },
  }
}

/** A cached root at this call: what a full verification would check for the call itself, in the same order, then the cached answer. */
function recheck(known: VerifiedRoot, bytes: Uint8Array, context: VerifyContext, maxBytes: number, maxLifetime: number | null): RootVerification {
  try {
    const { now, skew } = checkRootClock(context.now, context.clockSkew)
    checkCacaoSize(bytes, maxBytes)
    checkRootTime(known.verdict.root, now, skew, { cid: known.cid })
    checkRootLifetime(known.lifetime, maxLifetime, now, skew, { cid: known.cid })
    return known.verdict
  } catch (error) {
    return denial(error)
  }
}

/** The verifier's answer for a verified root, frozen: a cached one is handed out on every hit. */
function accepted(link: SiweRootLink): VerifiedRoot['verdict'] {
  // Only what grantFor needs is kept, not the link, whose bytes may be a view into a large request buffer.
  const grants = { cid: link.cid, capabilities: link.capabilities }
  const root: ForeignRoot = Object.freeze({
    format: FORMAT,
    iss: link.iss,
    sub: link.sub,
    aud: link.aud,
    ...(link.nbf === undefined ? {} : { nbf: link.nbf }),
    exp: link.exp,
    grants: link.capabilities,
    grantFor(command: string) {
      try {
        return rootForCommand(grants, command)
      } catch (error) {
        if (error instanceof CapchainError) return undefined
        throw error
      }
    },
    identity: link.identity,
  })
  return Object.freeze({ ok: true as const, root })
}

/** A typed error as the verifier's denial; anything else is a bug and is thrown on (the verifier then denies). */
function denial(error: unknown): RootVerification {
  if (!(error instanceof CapchainError)) throw error
  return { ok: false, reason: denialReason(error), error }
}

function denialReason(error: CapchainError): RootDenialReason {
  if (error instanceof SiweExpiredError) return 'expired'
  if (error instanceof SiweNotYetValidError) return 'not-yet-valid'
  if (error instanceof InvalidSignatureError || error instanceof ContractSignatureUnavailableError) return 'signature'
  return 'invalid'
}
