/**
 * Delegations and invocations with every input fixed: the nonce comes from a
 * label, times default to the suite's clock (fixed/time.ts), and signatures
 * are deterministic (Ed25519; ECDSA with RFC 6979), so the same inputs give
 * the same bytes on every run.
 */
import { createDelegation, createInvocation } from '@capchain/core'
import type { Delegation, DID, Invocation, IPLDMap, IPLDValue, SignEnvelopeOptions, Signer } from '@capchain/core'
import type { CID } from 'multiformats/cid'
import { nonce } from '../fixed/seed.js'
import { DELEGATION_EXPIRY, MINUTE, NOW } from '../fixed/time.js'

export interface DelegationSpec {
  /** Unique within the suite: the nonce is derived from it. */
  readonly label: string
  readonly issuer: Signer
  readonly audience: DID
  /** `null` for a powerline. */
  readonly subject: DID | null
  readonly command: string
  readonly policy?: IPLDValue[]
  /** Default `DELEGATION_EXPIRY`. */
  readonly expiration?: number | null
  readonly notBefore?: number
  readonly meta?: IPLDMap
}

/** `options` as for `createDelegation`, e.g. a larger `maxTokenBytes` for a token over the limit. */
export function delegate(spec: DelegationSpec, options?: SignEnvelopeOptions): Promise<Delegation> {
  return createDelegation(
    {
      issuer: spec.issuer,
      audience: spec.audience,
      subject: spec.subject,
      command: spec.command,
      policy: spec.policy ?? [],
      expiration: spec.expiration === undefined ? DELEGATION_EXPIRY : spec.expiration,
      nonce: nonce(spec.label),
      ...(spec.notBefore === undefined ? {} : { notBefore: spec.notBefore }),
      ...(spec.meta === undefined ? {} : { meta: spec.meta }),
    },
    options,
  )
}

export interface InvocationSpec {
  readonly label: string
  readonly issuer: Signer
  readonly subject: DID
  readonly audience?: DID
  readonly command: string
  readonly args?: IPLDMap
  /** Listed in `prf` in this order. */
  readonly proofs: readonly { readonly cid: CID }[]
  /** Default `NOW`. */
  readonly issuedAt?: number
  /** Default five minutes after `issuedAt`. */
  readonly expiration?: number | null
  readonly meta?: IPLDMap
}

export function invoke(spec: InvocationSpec, options?: SignEnvelopeOptions): Promise<Invocation> {
  const issuedAt = spec.issuedAt ?? NOW
  return createInvocation(
    {
      issuer: spec.issuer,
      subject: spec.subject,
      ...(spec.audience === undefined ? {} : { audience: spec.audience }),
      command: spec.command,
      args: spec.args ?? {},
      proofs: spec.proofs.map((proof) => proof.cid),
      expiration: spec.expiration === undefined ? issuedAt + 5 * MINUTE : spec.expiration,
      issuedAt,
      nonce: nonce(spec.label),
      ...(spec.meta === undefined ? {} : { meta: spec.meta }),
    },
    options,
  )
}
