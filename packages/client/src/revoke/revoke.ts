/**
 * Building `/ucan/revoke` invocations (docs/storage.md, "Revocation").
 *
 * - A grant this client issued: its key issued the grant's head, so it
 *   revokes on its own behalf, naming the witness path from the session's
 *   root down to the head. No wallet prompt.
 * - A session (the SIWE root): only the wallet is upstream of it. The
 *   wallet signs one more SIWE message granting `ucan/revoke` to a
 *   throwaway key, which invokes the revocation on the wallet's behalf and
 *   is then dropped. The witness is the root alone, whatever abilities it
 *   grants: the record is kept under its identity and denies every chain
 *   under it (storage and EVM alike).
 */
import { generateSigner } from '@capchain/core/lean'
import type { DID, Signer } from '@capchain/core/principal'
import { createSiweSession } from '@capchain/siwe'
import type { Eip1193Provider } from '@capchain/siwe'
import { createRevocation, REVOKE_COMMAND } from '@capchain/storage'
import { CID } from 'multiformats/cid'
import { ClientInputError, KeyStoreError } from '../errors.js'
import type { IssuedRecord, SessionRecord } from '../store/interface.js'
import { containerOf, tokensByCid } from '../tokens.js'

const REVOCATION_LIFETIME = 300

/**
 * The container revoking a grant this client issued, dated `now` (the client's clock).
 * @throws {KeyStoreError} the record no longer holds its witness tokens
 * @throws {CapchainError} what `createRevocation` raises
 */
export async function grantRevocation(key: Signer, service: DID, record: IssuedRecord, now: number): Promise<string> {
  const tokens = tokensByCid(record.container)
  const witness = record.witness.map((cid) => {
    const bytes = tokens.get(cid)
    if (bytes === undefined) throw new KeyStoreError(`the record of ${record.cid} lost the token ${cid} of its witness path`)
    return bytes
  })
  const invocation = await createRevocation({
    issuer: key,
    service,
    path: record.witness.map((cid) => ({ cid: CID.parse(cid) })),
    expiration: now + REVOCATION_LIFETIME,
    issuedAt: now,
  })
  return containerOf([invocation.bytes, ...witness])
}

/**
 * The container revoking a whole session: one wallet prompt, dated `now` (the client's clock).
 * @throws {ClientInputError} no provider given
 * @throws {WalletRequestError} the wallet refused
 * @throws {KeyStoreError} the record lost its CACAO
 */
export async function sessionRevocation(provider: Eip1193Provider | undefined, service: DID, record: SessionRecord, now: number): Promise<string> {
  if (provider === undefined) throw new ClientInputError('revoking a session needs the wallet: pass { provider }', { cid: record.cid })
  const root = tokensByCid(record.container).get(record.cid)
  if (root === undefined) throw new KeyStoreError(`the session record ${record.cid} does not hold its CACAO`)
  const throwaway = await generateSigner('Ed25519')
  const mandate = await createSiweSession({
    provider,
    domain: record.domain,
    abilities: [{ command: REVOKE_COMMAND, policy: [] }],
    expiresIn: REVOCATION_LIFETIME,
    now: new Date(now * 1000),
    statement: `Revoke the session ${record.cid}.`,
    sessionKey: throwaway,
    chainId: chainIdOf(record.subject),
  })
  const invocation = await createRevocation({
    issuer: throwaway,
    service,
    path: [{ cid: CID.parse(record.cid) }],
    proofs: [mandate.root],
    onBehalfOf: record.subject,
    expiration: now + REVOCATION_LIFETIME,
    issuedAt: now,
  })
  return containerOf([invocation.bytes, mandate.root.cacao, root])
}

/** The chain id of a `did:pkh:eip155:<chain>:<address>`: the mandate must name the same account on the same chain. */
function chainIdOf(subject: DID): number {
  return Number(subject.split(':')[3])
}
