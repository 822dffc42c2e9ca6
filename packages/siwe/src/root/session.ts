import { CapchainError, type CapchainErrorOptions } from '@capchain/core/errors'
import { verifierFromDid } from '@capchain/core/lean'
import type { DID } from '@capchain/core/principal'
import { SiweUriNotDidKeyError } from '../errors.js'
import { quote } from '../message/fields.js'

/**
 * The session key a root delegates to: the SIWE `URI`, which must be exactly
 * a did:key we can verify signatures of (the next link is signed by it), in
 * its one canonical spelling (core's did:key rules: no DID URL parts, no other
 * multibase, compressed keys). Through `verifierFromDid`, whose per-DID cache
 * makes this free for a session seen before (an Ed25519 key check costs a
 * scalar multiplication).
 * @throws {SiweUriNotDidKeyError} otherwise.
 */
export function sessionDid(uri: string, context: CapchainErrorOptions): DID {
  if (typeof uri !== 'string' || !uri.startsWith('did:key:')) {
    throw new SiweUriNotDidKeyError(`the SIWE URI ${quote(uri)} is not a did:key; a root delegates to a session key`, context)
  }
  try {
    verifierFromDid(uri)
  } catch (cause) {
    if (!(cause instanceof CapchainError)) throw cause
    throw new SiweUriNotDidKeyError(`the SIWE URI is not a usable did:key: ${cause.message}`, { ...context, cause })
  }
  return uri as DID
}
