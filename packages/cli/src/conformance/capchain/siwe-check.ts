import { CapchainError } from '@capchain/core/errors'
import { decodeCacao, encodeRecap, looksLikeCacao, recapStatement, verifySiweRoot } from '@capchain/siwe'
import type { Recap } from '@capchain/siwe'
import { isDeepStrictEqual } from 'node:util'
import type { SiweSection } from './format.js'
import type { VerifierSetup } from './setup.js'

/**
 * Where the SIWE root among `proofs` differs from what the case says of it,
 * or `undefined`: the text the wallet signed, the ReCap it carries, the
 * ReCap's translation in our pinned order (namespaces in code-unit order:
 * `a` before `a-b`), and the (command, policy) pairs it grants.
 */
export async function siweMismatch(
  siwe: SiweSection,
  proofs: readonly Uint8Array[],
  time: number,
  setup: VerifierSetup,
): Promise<string | undefined> {
  const root = proofs.find(looksLikeCacao)
  if (root === undefined) return 'the case describes a SIWE root, but no proof is a CACAO'
  try {
    const decoded = decodeCacao(root)
    if (decoded.message !== siwe.message) return 'the CACAO does not rebuild to the SIWE message of the case'
    if (siwe.recap !== undefined) {
      const recap = siwe.recap as Recap
      if (!(decoded.fields.resources ?? []).includes(encodeRecap(recap))) return 'no resource is the ReCap of the case'
      if (siwe.statement !== undefined && recapStatement(recap) !== siwe.statement) {
        return `the ReCap translates to "${recapStatement(recap)}", not the statement of the case`
      }
    }
    if (siwe.capabilities !== undefined) {
      const domains = setup.domains === undefined ? {} : { domains: setup.domains }
      const link = await verifySiweRoot(root, { now: time, clockSkew: setup.clockSkew, ...domains })
      const granted = link.capabilities.map(({ command, policy }) => ({ command, policy }))
      const expected = siwe.capabilities.map(({ command, policy }) => ({ command, policy }))
      if (!isDeepStrictEqual(granted, expected)) return `the root grants ${JSON.stringify(granted)}, not ${JSON.stringify(expected)}`
    }
    return undefined
  } catch (error) {
    if (error instanceof CapchainError) return `the SIWE root: ${error.code}: ${error.message}`
    throw error
  }
}
