import { decodeCacao, isDecodedCacao } from '../cacao/decode.js'
import { cacaoIdentity } from '../cacao/identity.js'
import type { DecodedCacao } from '../cacao/interface.js'
import { atCacaoPaths } from '../cacao/paths.js'
import { CacaoCidMismatchError, InvalidSiweOptionError, SiweDomainMismatchError } from '../errors.js'
import { quote } from '../message/fields.js'
import { verifyRecap } from '../recap/extract.js'
import { capabilitiesFromRecap } from './capabilities.js'
import { checkDomains } from './domains.js'
import type { SiweRootLink, VerifySiweRootOptions } from './interface.js'
import { sessionDid } from './session.js'
import { verifyRootSignature } from './signature.js'
import { checkRootClock, checkRootTime, rootTimeBounds } from './time.js'

function checkOptions(options: VerifySiweRootOptions): { now: number; skew: number } {
  if (typeof options !== 'object' || options === null) throw new InvalidSiweOptionError('options with now are required', { at: 'options' })
  const clock = checkRootClock(options.now, options.clockSkew)
  checkDomains(options.domains)
  return clock
}

/**
 * Verify a CACAO-encoded SIWE message as the root of a UCAN 1.0 chain
 * (docs/siwe-root.md). Cheap checks first, the signature last:
 * 1. decode (`decodeCacao`: size, canonical DAG-CBOR, shape, every EIP-4361
 *    field rule), unless `input` came from `decodeCacao`; the CID is that of
 *    the bytes, and must equal `expectedCid` when given;
 * 2. the `URI` is exactly a did:key: the session key, the root's `aud`;
 * 3. the `domain` is one of `domains`, when given;
 * 4. time: `nbf − skew ≤ now ≤ exp + skew` on whole seconds;
 * 5. the ReCap: present, the last resource and the only one, canonical, and
 *    the statement ends with its text (`verifyRecap`), then mapped to
 *    (command, policy) pairs: resources are the signer's did:pkh, abilities
 *    commands, caveats policies, no overlaps, no ReCap proofs;
 * 6. the signature over the rebuilt message: the account's key (EIP-191) or
 *    its contract (ERC-1271 / ERC-6492, through `contractSignatures`).
 *
 * Every failure throws; every error is a `CapchainError` with a stable code,
 * the CACAO's CID and `at`, the CACAO path at fault (`p.aud`, `p.exp`, `s.s`,
 * `p.resources[1].att["…"]["storage/*"]`).
 * @throws {InputTooLargeError | MalformedCborError | NonCanonicalCborError | MalformedCacaoError | UnsupportedCacaoError | InvalidSiweMessageError} from decoding.
 * @throws {CacaoCidMismatchError} if the bytes do not hash to `expectedCid`.
 * @throws {SiweUriNotDidKeyError} if the URI is not a did:key.
 * @throws {SiweDomainMismatchError} if the domain is not trusted.
 * @throws {SiweExpiredError | SiweNotYetValidError} if `now` is outside the root's time bounds.
 * @throws {MissingRecapError | InvalidRecapError | RecapStatementMismatchError} if the ReCap is absent, misplaced, malformed or not what the statement shows.
 * @throws {InvalidRootCapabilityError} if the ReCap breaks the root mapping.
 * @throws {InvalidSignatureError} if the signature is not the account's.
 * @throws {ContractSignatureUnavailableError} if only an on-chain check could decide and it could not be made.
 * @throws {InvalidSiweOptionError} if `now`, `clockSkew` or `domains` is invalid.
 */
export async function verifySiweRoot(input: Uint8Array | DecodedCacao, options: VerifySiweRootOptions): Promise<SiweRootLink> {
  const { now, skew } = checkOptions(options)
  const decoded = isDecodedCacao(input) ? input : decodeCacao(input as Uint8Array, options.maxBytes === undefined ? {} : { maxBytes: options.maxBytes })
  const cid = decoded.cid.toString()
  const context = { cid }
  if (options.expectedCid !== undefined && options.expectedCid.toString() !== cid) {
    throw new CacaoCidMismatchError(options.expectedCid.toString(), cid, { at: 'cacao' })
  }
  const { fields } = decoded

  const aud = sessionDid(fields.uri, { ...context, at: 'p.aud' })
  if (options.domains !== undefined && !options.domains.includes(fields.domain)) {
    throw new SiweDomainMismatchError(`domain ${quote(fields.domain)} is not one this service trusts`, { ...context, at: 'p.domain' })
  }
  const bounds = rootTimeBounds(fields)
  checkRootTime(bounds, now, skew, context)

  const recap = atCacaoPaths(() => verifyRecap(fields), context)
  const recapAt = `p.resources[${(fields.resources?.length ?? 0) - 1}]`
  const capabilities = atCacaoPaths(() => capabilitiesFromRecap(recap, decoded.iss, recapAt), context)

  const signature = await verifyRootSignature(decoded, options.contractSignatures, context)

  return Object.freeze({
    cid: decoded.cid,
    identity: cacaoIdentity(fields),
    bytes: decoded.bytes,
    iss: decoded.iss,
    sub: decoded.iss,
    aud,
    capabilities,
    ...(bounds.nbf === undefined ? {} : { nbf: bounds.nbf }),
    exp: bounds.exp,
    siwe: fields,
    message: decoded.message,
    signer: signature.signer,
  })
}
