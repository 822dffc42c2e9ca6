import type { PrincipalName } from '../fixed/principals.js'
import { principalsJson } from '../fixed/principals.js'
import { walletsJson } from '../fixed/wallets.js'
import type { VerifierSetup } from './interface.js'
import type { Json } from './json.js'

/** Marks a file as ours; readers of the ucan-wg/spec format see an invocation file with extra fields. */
export const FORMAT = 'capchain-vectors/1'

export interface FileHeader {
  readonly kind: 'invocation' | 'sequence'
  readonly comments: string
  readonly principals: readonly PrincipalName[]
  /** Include the wallets' key material (files with SIWE roots). */
  readonly wallets?: boolean
  readonly verifier?: VerifierSetup
}

/** The top-level fields every vector file shares. */
export function headerJson(header: FileHeader): Record<string, Json> {
  const verifier: Record<string, Json> = { clockSkew: 0 }
  if (header.verifier?.siweDomains !== undefined) verifier.siwe = { domains: [...header.verifier.siweDomains] }
  return {
    comments: header.comments,
    format: FORMAT,
    kind: header.kind,
    principals: principalsJson(header.principals),
    verifier,
    version: '1.0.0',
    ...(header.wallets === true ? { wallets: walletsJson() } : {}),
  }
}
