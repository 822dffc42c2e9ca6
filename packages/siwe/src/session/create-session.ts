import { encodeContainerString, generateSigner } from '@capchain/core/lean'
import { createDelegation, createInvocation } from '@capchain/core/token'
import type { Delegation, DID, Invocation, IPLDMap, IPLDValue, Signer } from '@capchain/core'
import { didPkh } from '../cacao/did-pkh.js'
import { createSiweRoot } from '../root/create.js'
import type { SiweRoot } from '../root/create.js'
import type { CacaoSignatureEncoding } from '../cacao/interface.js'
import type { RootCapability } from '../root/interface.js'
import { walletAccount, walletChainId, walletPersonalSign } from './eip1193.js'
import type { Eip1193Provider } from './eip1193.js'

export interface CreateSiweSessionInput {
  /** The user's wallet. Asked for its account and chain, then for exactly one `personal_sign`. */
  readonly provider: Eip1193Provider
  /** RFC 3986 authority of the app asking (the SIWE `domain`). */
  readonly domain: string
  /** What the session may do: each command once, none covering another. */
  readonly abilities: readonly RootCapability[]
  /** Seconds until the session (and everything delegated under it) expires. */
  readonly expiresIn: number
  /** Default: the wallet's current chain. */
  readonly chainId?: number
  /** The app's own statement; the ReCap text is appended to it. */
  readonly statement?: string
  /** The session key. Default: a new Ed25519 key. In browsers pass a non-extractable WebCrypto key. */
  readonly sessionKey?: Signer
  /** Default: now. */
  readonly now?: Date
  /**
   * How the CACAO carries the wallet's signature: `bytes` (CAIP-74, the
   * default) or `hex`, for a root that Ceramic's verifier
   * (`@didtools/pkh-ethereum`, which reads only hex) must also accept.
   * capchain reads both; both forms share one identity (docs/siwe-root.md).
   */
  readonly signatureEncoding?: CacaoSignatureEncoding
}

export interface DelegateInput {
  readonly to: DID
  readonly command: string
  readonly policy?: readonly IPLDValue[]
  /** Unix seconds. Default and maximum: the session's own expiry. */
  readonly expiration?: number
  readonly notBefore?: number
}

export interface InvokeInput {
  readonly command: string
  readonly args: IPLDMap
  /** The service the invocation is for. */
  readonly audience?: DID
  /** Unix seconds. Default: 5 minutes from now, capped at the session's expiry. */
  readonly expiration?: number
}

/** A signed-in session: a session key the wallet delegated to once, which can now delegate and invoke without the wallet. */
export interface SiweSession {
  readonly key: Signer
  /** The user: `did:pkh:eip155:<chain>:<address>`, the subject of every chain under this session. */
  readonly subject: DID
  readonly root: SiweRoot
  /** Unix seconds: the SIWE `Expiration Time`. */
  readonly expiration: number
  /** Delegate to another agent; the container holds the root and the delegation, for the agent to use. */
  delegate(input: DelegateInput): Promise<{ readonly delegation: Delegation; readonly container: string }>
  /** Invoke directly under the root; the container holds the root and the invocation, for the service. */
  invoke(input: InvokeInput): Promise<{ readonly invocation: Invocation; readonly container: string }>
}

const INVOCATION_LIFETIME = 300

/**
 * Sign in with Ethereum: generate a session key, have the wallet sign one
 * SIWE message whose ReCap grants `abilities` to it (docs/siwe-root.md), and
 * return a session that delegates and invokes with no further wallet prompt.
 *
 * @throws {WalletRequestError} the wallet refused or failed
 * @throws {CapchainError} the abilities or message fields cannot form a valid root (see `createSiweRoot`)
 */
export async function createSiweSession(input: CreateSiweSessionInput): Promise<SiweSession> {
  const { provider } = input
  const address = await walletAccount(provider)
  const chainId = input.chainId ?? (await walletChainId(provider))
  const key = input.sessionKey ?? (await generateSigner('Ed25519'))
  const issuedAt = input.now ?? new Date()
  const expiration = Math.floor(issuedAt.getTime() / 1000) + input.expiresIn
  const root = await createSiweRoot({
    signMessage: (message) => walletPersonalSign(provider, message, address),
    address,
    chainId,
    domain: input.domain,
    uri: key.did(),
    capabilities: input.abilities,
    issuedAt,
    expirationTime: new Date(expiration * 1000),
    ...(input.statement === undefined ? {} : { statement: input.statement }),
    ...(input.signatureEncoding === undefined ? {} : { signatureEncoding: input.signatureEncoding }),
  })
  const subject = didPkh(chainId, root.fields.address)
  const bounded = (seconds: number | undefined, fallback: number) => Math.min(seconds ?? fallback, expiration)

  return {
    key,
    subject,
    root,
    expiration,
    async delegate(request) {
      const delegation = await createDelegation({
        issuer: key,
        audience: request.to,
        subject,
        command: request.command,
        policy: [...(request.policy ?? [])],
        expiration: bounded(request.expiration, expiration),
        ...(request.notBefore === undefined ? {} : { notBefore: request.notBefore }),
      })
      return { delegation, container: encodeContainerString([root.cacao, delegation.bytes]) }
    },
    async invoke(request) {
      const now = Math.floor(Date.now() / 1000)
      const invocation = await createInvocation({
        issuer: key,
        subject,
        command: request.command,
        args: request.args,
        proofs: [root.cid],
        expiration: bounded(request.expiration, now + INVOCATION_LIFETIME),
        issuedAt: now,
        ...(request.audience === undefined ? {} : { audience: request.audience }),
      })
      return { invocation, container: encodeContainerString([root.cacao, invocation.bytes]) }
    },
  }
}
