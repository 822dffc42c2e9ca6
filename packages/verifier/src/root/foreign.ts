/**
 * Chain roots in a foreign format (a SIWE message as a CACAO block):
 * recognised among the supplied proofs, allowed only at the root of a chain,
 * verified by their `RootFormat` at `now` (never cached here: the answer
 * depends on time, and a contract wallet's on chain state; a format may
 * keep what cannot change, as the SIWE format does for EOA signatures),
 * then presented to the chain rules as the delegation they stand for.
 *
 * The command a root stands for is chosen for the chain it roots: the one
 * the root grants that covers the next link's command (or, when the next
 * link is a powerline broader than every granted command, the invocation's);
 * a root alone stands for its first grant. Command attenuation is then checked by the walk as for any delegation.
 */
import type { Delegation, DelegationPayload, Envelope } from '@capchain/core/token'
import type { CID } from 'multiformats/cid'
import type { DelegationLink } from '../chain/link.js'
import { CommandEscalationError, RootRejectedError } from '../errors.js'
import type { VerificationError } from '../errors.js'
import type { ForeignRoot, RootFormat } from '../interface.js'
import type { VerifierLimits } from '../limits.js'

/** A supplied proof recognised as a foreign root, not yet verified. */
export interface PendingRoot {
  readonly at: string
  readonly cid: CID
  readonly bytes: Uint8Array
  readonly format: RootFormat
}

/** The format `bytes` are in, when they are a foreign root; `undefined` for anything else (a UCAN token, or junk). */
export function foreignFormat(bytes: Uint8Array, formats: readonly RootFormat[]): RootFormat | undefined {
  for (const format of formats) if (format.detect(bytes)) return format
  return undefined
}

/**
 * Verify a foreign root for a chain whose next link uses `nextCommand`
 * (and whose invocation, if any, uses `invokedCommand`). A root with no link
 * after it stands for its first grant (see below).
 */
export async function verifyForeignRoot(
  pending: PendingRoot,
  nextCommand: string | undefined,
  invokedCommand: string | undefined,
  now: number,
  skew: number,
  limits: VerifierLimits,
): Promise<DelegationLink | VerificationError> {
  const context = { cid: pending.cid.toString(), at: pending.at }
  let verdict
  try {
    verdict = await pending.format.verify(pending.bytes, { cid: pending.cid, now, clockSkew: skew, maxBytes: limits.maxTokenBytes })
  } catch (cause) {
    // A format that throws instead of answering denies (fail closed).
    return new RootRejectedError(pending.format.name, 'invalid', cause, context)
  }
  if (!verdict.ok) return new RootRejectedError(pending.format.name, verdict.reason, verdict.error, context)
  const { root } = verdict
  if (nextCommand === undefined) {
    // Only a delegation chain of the root alone gets here (an invocation always names its command), such as a
    // revocation's witness: what it needs (signature, time bounds, issuer, identity) is the same whichever grant
    // the root stands for. Its first grant claims nothing beyond what the root grants; all are in `root.grants`.
    const first = root.grants[0]
    if (first === undefined) return new RootRejectedError(root.format, 'invalid', undefined, context, 'grants nothing')
    return { at: pending.at, cid: pending.cid, identity: root.identity, token: standIn(root, pending, first), root }
  }
  const grant =
    root.grantFor(nextCommand) ?? (invokedCommand === undefined ? undefined : root.grantFor(invokedCommand))
  if (grant === undefined) {
    const granted = root.grants.map((g) => g.command).join(', ')
    return new CommandEscalationError(`the ${root.format} root's grants (${granted})`, nextCommand, context)
  }
  return { at: pending.at, cid: pending.cid, identity: root.identity, token: standIn(root, pending, grant), root }
}

/**
 * The delegation a verified root stands for. Its envelope describes the root
 * block (bytes, CID, format) and is never used to verify anything: the
 * signature was checked by the root's format.
 */
function standIn(
  root: ForeignRoot,
  pending: PendingRoot,
  grant: { readonly command: string; readonly policy: readonly unknown[] },
): Delegation {
  const payload: DelegationPayload = {
    iss: root.iss,
    aud: root.aud,
    sub: root.sub,
    cmd: grant.command,
    pol: [...grant.policy] as DelegationPayload['pol'],
    nonce: new Uint8Array(),
    exp: root.exp,
    ...(root.nbf === undefined ? {} : { nbf: root.nbf }),
  }
  const envelope: Envelope = {
    bytes: pending.bytes,
    cid: pending.cid,
    signature: new Uint8Array(),
    header: { alg: 'EIP191', enc: 'DAG-CBOR' },
    headerBytes: new Uint8Array(),
    tag: root.format,
    kind: 'dlg',
    version: '',
    signedBytes: new Uint8Array(),
    payload: {},
  }
  return { kind: 'dlg', envelope, payload, cid: pending.cid, bytes: pending.bytes }
}

/** Only the root may be foreign: refuse one anywhere else. */
export function misplacedRoot(pending: PendingRoot): VerificationError {
  return new RootRejectedError(
    pending.format.name,
    'invalid',
    undefined,
    { cid: pending.cid.toString(), at: pending.at },
    'may only stand at the root of a chain',
  )
}
