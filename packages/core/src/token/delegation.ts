import { MalformedTokenError } from '../errors.js'
import { decodeEnvelope, tokenErrorContext } from '../envelope/decode.js'
import { signEnvelope } from '../envelope/sign.js'
import type { SignEnvelopeOptions } from '../envelope/sign.js'
import type { DID, Signer } from '../principal/interface.js'
import { PayloadFields } from './fields.js'
import type { DecodeOptions, Delegation, DelegationPayload, Envelope, IPLDMap, IPLDValue } from './interface.js'
import { randomNonce } from './nonce.js'

const DELEGATION_FIELDS: ReadonlySet<string> = new Set(['iss', 'aud', 'sub', 'cmd', 'pol', 'nonce', 'exp', 'nbf', 'meta'])

/**
 * Decode and validate a delegation from its bytes. Does not check the signature.
 *
 * @throws {CapchainError} any decode error of `decodeEnvelope`; `MalformedTokenError` for a
 *   missing, unknown or mistyped field (`at` names it); `InvalidCommandError` for a bad `cmd`
 */
export function decodeDelegation(bytes: Uint8Array, options?: DecodeOptions): Delegation {
  const envelope = decodeEnvelope(bytes, options)
  if (envelope.kind !== 'dlg') {
    throw new MalformedTokenError(
      `expected a delegation, found a token tagged ${envelope.tag}`,
      tokenErrorContext(envelope.cid, 'envelope[1]'),
    )
  }
  return delegationFromEnvelope(envelope)
}

/** Validate the payload of an envelope already known to be a delegation. */
export function delegationFromEnvelope(envelope: Envelope): Delegation {
  const fields = new PayloadFields(envelope.payload, envelope.cid)
  fields.rejectUnknown(DELEGATION_FIELDS, 'delegation')
  const cmd = fields.command('cmd')
  const payload: DelegationPayload = {
    iss: fields.did('iss'),
    aud: fields.did('aud'),
    sub: fields.didOrNull('sub'),
    cmd,
    pol: fields.list('pol'),
    nonce: fields.bytes('nonce'),
    exp: fields.timestampOrNull('exp'),
    ...(fields.has('nbf') ? { nbf: fields.timestamp('nbf') } : {}),
    ...(fields.has('meta') ? { meta: fields.map('meta') } : {}),
  }
  return { kind: 'dlg', envelope, payload, cid: envelope.cid, bytes: envelope.bytes }
}

export interface CreateDelegationInput {
  issuer: Signer
  audience: DID
  /** The subject DID, or `null` for a powerline delegation. */
  subject: DID | null
  command: string
  /** Policy statements in IPLD form; default `[]` (no constraint beyond the command). */
  policy?: IPLDValue[]
  /** Unix seconds, or `null` for a token that never expires (explicit, as the spec requires). */
  expiration: number | null
  notBefore?: number
  /** Default: 12 random bytes. */
  nonce?: Uint8Array
  meta?: IPLDMap
}

/**
 * Build and sign a delegation. The result went through the same decoder and
 * checks as a received token, so an invalid input fails here, not at the
 * receiver.
 *
 * @throws {CapchainError} the same errors `decodeDelegation` raises, for invalid input
 */
export async function createDelegation(input: CreateDelegationInput, options?: SignEnvelopeOptions): Promise<Delegation> {
  const payload: IPLDMap = {
    iss: input.issuer.did(),
    aud: input.audience,
    sub: input.subject,
    cmd: input.command,
    pol: input.policy ?? [],
    nonce: input.nonce ?? randomNonce(),
    exp: input.expiration,
    ...(input.notBefore === undefined ? {} : { nbf: input.notBefore }),
    ...(input.meta === undefined ? {} : { meta: input.meta }),
  }
  return delegationFromEnvelope(await signEnvelope(input.issuer, 'dlg', payload, options))
}
