import { CapchainError, InvalidSignatureError } from '@capchain/core/errors'
import type { ForeignRoot, RootDenialReason, RootFormat, RootVerification } from '@capchain/verifier'
import { looksLikeCacao } from '../cacao/decode.js'
import { MAX_CACAO_BYTES } from '../cacao/interface.js'
import { ContractSignatureUnavailableError, SiweExpiredError, SiweNotYetValidError } from '../errors.js'
import type { ContractSignatureChecker } from '../contract-wallet/interface.js'
import type { SiweRootLink } from './interface.js'
import { rootForCommand } from './select.js'
import { verifySiweRoot } from './verify.js'

export interface SiweRootFormatOptions {
  /** SIWE `domain`s this service trusts, compared exactly. Absent: any domain. */
  readonly domains?: readonly string[]
  /** On-chain checks for contract wallets (ERC-1271, ERC-6492). Absent: EOA signatures only. */
  readonly contractSignatures?: ContractSignatureChecker
}

const FORMAT = 'SIWE (CAIP-74 CACAO)'

/**
 * The SIWE root as a chain-root format for `@capchain/verifier`:
 * `createVerifier({ rootFormats: [siweRootFormat({ domains: ['app.example'] })] })`
 * lets chains start at a CACAO signed by the user's wallet. See docs/siwe-root.md.
 */
export function siweRootFormat(options: SiweRootFormatOptions = {}): RootFormat {
  return {
    name: FORMAT,
    detect: looksLikeCacao,
    async verify(bytes, context): Promise<RootVerification> {
      try {
        const link = await verifySiweRoot(bytes, {
          now: context.now,
          clockSkew: context.clockSkew,
          expectedCid: context.cid,
          // The verifier's token limit, but never above the CACAO's own.
          maxBytes: Math.min(context.maxBytes, MAX_CACAO_BYTES),
          ...(options.domains === undefined ? {} : { domains: options.domains }),
          ...(options.contractSignatures === undefined ? {} : { contractSignatures: options.contractSignatures }),
        })
        return { ok: true, root: asForeignRoot(link) }
      } catch (error) {
        if (!(error instanceof CapchainError)) throw error
        return { ok: false, reason: denialReason(error), error }
      }
    },
  }
}

function asForeignRoot(link: SiweRootLink): ForeignRoot {
  return {
    format: FORMAT,
    iss: link.iss,
    sub: link.sub,
    aud: link.aud,
    ...(link.nbf === undefined ? {} : { nbf: link.nbf }),
    exp: link.exp,
    grants: link.capabilities,
    grantFor(command) {
      try {
        return rootForCommand(link, command)
      } catch (error) {
        if (error instanceof CapchainError) return undefined
        throw error
      }
    },
    revocationCids: link.canonicalCid.equals(link.cid) ? [] : [link.canonicalCid],
  }
}

function denialReason(error: CapchainError): RootDenialReason {
  if (error instanceof SiweExpiredError) return 'expired'
  if (error instanceof SiweNotYetValidError) return 'not-yet-valid'
  if (error instanceof InvalidSignatureError || error instanceof ContractSignatureUnavailableError) return 'signature'
  return 'invalid'
}
