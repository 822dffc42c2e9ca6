/**
 * An invocation under a signed-in wallet's root, through any delegations
 * below it, as the `Authorization` header a notes app reads.
 */
import { createInvocation, encodeContainerString } from '@capchain/core'
import type { Delegation, DID, IPLDMap, Signer } from '@capchain/core'
import type { SiweRoot } from '@capchain/siwe'

/** Seconds an invocation lives: it is sent at once, and its replay record lasts as long. */
const INVOCATION_LIFETIME = 60

export interface InvokeInput {
  /** The key that signs: the session key, or the audience of the last delegation. */
  readonly issuer: Signer
  /** The wallet's did:pkh. */
  readonly subject: DID
  /** The notes service's DID (`GET /info`). */
  readonly audience: DID
  readonly command: string
  readonly args: IPLDMap
  readonly root: SiweRoot
  /** Delegations below the root, root side first. */
  readonly chain?: readonly Delegation[]
}

/**
 * `UCAN <container>`: the invocation, the root's CACAO and the delegations.
 * @throws {CapchainError} what `createInvocation` raises for invalid token input
 */
export async function invocationHeader(input: InvokeInput): Promise<string> {
  const chain = input.chain ?? []
  const invocation = await createInvocation({
    issuer: input.issuer,
    subject: input.subject,
    audience: input.audience,
    command: input.command,
    args: input.args,
    proofs: [input.root.cid, ...chain.map((link) => link.cid)],
    expiration: Math.floor(Date.now() / 1000) + INVOCATION_LIFETIME,
  })
  return `UCAN ${encodeContainerString([invocation.bytes, input.root.cacao, ...chain.map((link) => link.bytes)])}`
}
