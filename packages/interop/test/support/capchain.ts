/**
 * Chains made by capchain (`@capchain/core`), for peers to verify.
 */
import type { DID, KeyType, Signer } from '@capchain/core/principal'
import { generateSigner } from '@capchain/core/principal'
import { createDelegation, createInvocation } from '@capchain/core/token'
import type { Delegation, Invocation, IPLDMap, IPLDValue } from '@capchain/core/token'
import type { VarsigAlgorithm } from '@capchain/core/varsig'
import { NOW } from './iso-ucan.js'

/** The key types and signature algorithms of the matrix, as capchain names them. */
export const CAPCHAIN_ALGORITHMS: readonly { readonly name: string; readonly keyType: KeyType; readonly algorithm?: VarsigAlgorithm }[] = [
  { name: 'Ed25519', keyType: 'Ed25519' },
  { name: 'secp256k1', keyType: 'secp256k1' },
  { name: 'P-256', keyType: 'P-256' },
  { name: 'secp256k1, EIP-191', keyType: 'secp256k1', algorithm: 'EIP191' },
]

export interface CapchainLink {
  readonly command?: string
  readonly policy?: IPLDValue[]
  /** `null` for a powerline; default the chain's subject. */
  readonly subject?: DID | null
  readonly expiration?: number
}

export interface CapchainChain {
  readonly principals: readonly Signer[]
  readonly delegations: readonly Delegation[]
  readonly invoker: Signer
  readonly subject: DID
}

/**
 * A chain of `links.length` delegations from a fresh subject, each link's
 * issuer the previous audience, all keys of `keyType`.
 *
 * @throws {CapchainError} capchain refuses a link
 */
export async function capchainChain(keyType: KeyType, links: readonly CapchainLink[], algorithm?: VarsigAlgorithm): Promise<CapchainChain> {
  const principals = await Promise.all(Array.from({ length: links.length + 1 }, () => generateSigner(keyType)))
  const subject = principals[0]!.did()
  const delegations: Delegation[] = []
  for (const [index, link] of links.entries()) {
    delegations.push(
      await createDelegation(
        {
          issuer: principals[index]!,
          audience: principals[index + 1]!.did(),
          subject: link.subject === undefined ? subject : link.subject,
          command: link.command ?? '/storage',
          policy: link.policy ?? [],
          expiration: link.expiration ?? NOW + 3600,
        },
        algorithm === undefined ? {} : { algorithm },
      ),
    )
  }
  return { principals, delegations, invoker: principals[links.length]!, subject }
}

/**
 * The last audience of `chain` invoking `command` with `args` on its subject.
 *
 * @throws {CapchainError} capchain refuses the invocation's fields
 */
export function capchainInvoke(
  chain: CapchainChain,
  command: string,
  args: IPLDMap = {},
  extra: { audience?: DID; algorithm?: VarsigAlgorithm; proofs?: readonly Delegation[] } = {},
): Promise<Invocation> {
  return createInvocation(
    {
      issuer: chain.invoker,
      subject: chain.subject,
      ...(extra.audience === undefined ? {} : { audience: extra.audience }),
      command,
      args,
      proofs: (extra.proofs ?? chain.delegations).map((d) => d.cid),
      expiration: NOW + 300,
      issuedAt: NOW,
    },
    extra.algorithm === undefined ? {} : { algorithm: extra.algorithm },
  )
}
