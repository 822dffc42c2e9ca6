import type { CID } from 'multiformats/cid'
import { MalformedTokenError } from '../errors.js'
import { decodeEnvelope, tokenErrorContext } from '../envelope/decode.js'
import { signEnvelope } from '../envelope/sign.js'
import type { SignEnvelopeOptions } from '../envelope/sign.js'
import type { DID, Signer } from '../principal/interface.js'
import { PayloadFields } from './fields.js'
import type { DecodeOptions, Envelope, Invocation, InvocationPayload, IPLDMap } from './interface.js'
import { randomNonce } from './nonce.js'

const INVOCATION_FIELDS: ReadonlySet<string> = new Set([
  'iss',
  'sub',
  'aud',
  'cmd',
  'args',
  'prf',
  'nonce',
  'exp',
  // Not in the invocation spec; iso-ucan writes it. Accepted because it only narrows (the verifier enforces it as a not-before bound).
  'nbf',
  'iat',
  'meta',
  'cause',
])

/**
 * Decode and validate an invocation from its bytes. Does not check the signature.
 *
 * @throws {CapchainError} any decode error of `decodeEnvelope`; `MalformedTokenError` for a
 *   missing, unknown or mistyped field (`at` names it); `InvalidCommandError` for a bad `cmd`
 */
export function decodeInvocation(bytes: Uint8Array, options?: DecodeOptions): Invocation {
  const envelope = decodeEnvelope(bytes, options)
  if (envelope.kind !== 'inv') {
    throw new MalformedTokenError(
      `expected an invocation, found a token tagged ${envelope.tag}`,
      tokenErrorContext(envelope.cid, 'envelope[1]'),
    )
  }
  return invocationFromEnvelope(envelope)
}

/** Validate the payload of an envelope already known to be an invocation. */
export function invocationFromEnvelope(envelope: Envelope): Invocation {
  const fields = new PayloadFields(envelope.payload, envelope.cid)
  fields.rejectUnknown(INVOCATION_FIELDS, 'invocation')
  const cmd = fields.command('cmd')
  const payload: InvocationPayload = {
    iss: fields.did('iss'),
    sub: fields.did('sub'),
    ...(fields.has('aud') ? { aud: fields.did('aud') } : {}),
    cmd,
    args: fields.map('args'),
    prf: fields.cidList('prf'),
    nonce: fields.bytes('nonce'),
    exp: fields.timestampOrNull('exp'),
    ...(fields.has('nbf') ? { nbf: fields.timestamp('nbf') } : {}),
    ...(fields.has('iat') ? { iat: fields.timestamp('iat') } : {}),
    ...(fields.has('meta') ? { meta: fields.map('meta') } : {}),
    ...(fields.has('cause') ? { cause: fields.cid('cause') } : {}),
  }
  return { kind: 'inv', envelope, payload, cid: envelope.cid, bytes: envelope.bytes }
}

export interface CreateInvocationInput {
  issuer: Signer
  subject: DID
  /** The executor, when it is not the subject. */
  audience?: DID
  command: string
  args: IPLDMap
  /** CIDs of the delegations proving authority, root first. */
  proofs: CID[]
  /** Unix seconds, or `null` for no expiry (explicit, as the spec requires). */
  expiration: number | null
  /** Unix seconds before which it must not run (not in the invocation spec: a bound other implementations may refuse). */
  notBefore?: number
  /** Default: now. */
  issuedAt?: number
  /** Default: 12 random bytes. */
  nonce?: Uint8Array
  meta?: IPLDMap
  cause?: CID
}

/**
 * Build and sign an invocation. The result went through the same decoder and
 * checks as a received token.
 *
 * @throws {CapchainError} the same errors `decodeInvocation` raises, for invalid input
 */
export async function createInvocation(input: CreateInvocationInput, options?: SignEnvelopeOptions): Promise<Invocation> {
  const payload: IPLDMap = {
    iss: input.issuer.did(),
    sub: input.subject,
    ...(input.audience === undefined ? {} : { aud: input.audience }),
    cmd: input.command,
    args: input.args,
    prf: input.proofs,
    nonce: input.nonce ?? randomNonce(),
    exp: input.expiration,
    ...(input.notBefore === undefined ? {} : { nbf: input.notBefore }),
    iat: input.issuedAt ?? Math.floor(Date.now() / 1000),
    ...(input.meta === undefined ? {} : { meta: input.meta }),
    ...(input.cause === undefined ? {} : { cause: input.cause }),
  }
  return invocationFromEnvelope(await signEnvelope(input.issuer, 'inv', payload, options))
}
