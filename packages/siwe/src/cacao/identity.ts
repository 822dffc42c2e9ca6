import { dagCborCid, encodeDagCbor } from '@capchain/core/lean'
import type { CID } from 'multiformats/cid'
import type { SiweMessageFields } from '../message/interface.js'
import { cacaoPayload } from './encode.js'

/**
 * The identity of a signed SIWE message: the CID of its canonical CACAO
 * without the signature, `{h: {t: "eip4361"}, p}`, with `p` re-encoded from
 * the checked fields (EIP-55 issuer). Every piece of state about a root (cap
 * charges, revocations) is keyed by it, so every encoding of one signed
 * message shares it: `h.t` `caip122`, `s.s` as hex in any letter case, `v`
 * as 0/1 or 27/28, a lower-case `p.iss`, `s.t`, and any signature the
 * account accepts for the message.
 *
 * The signature is left out on purpose. A contract wallet (ERC-1271,
 * ERC-6492, an EIP-7702 account) may accept many signature byte strings for
 * one message, and an EOA can sign one message twice with different nonces
 * (MPC and other non-RFC 6979 signers do): a signature in the identity would
 * give one statement several identities. The message names its signer
 * (`p.iss`), so no two accounts share one.
 */
export function cacaoIdentity(fields: SiweMessageFields): CID {
  return dagCborCid(encodeDagCbor({ h: { t: 'eip4361' }, p: cacaoPayload(fields) }))
}
