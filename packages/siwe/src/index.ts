/**
 * `@capchain/siwe`: Sign-In with Ethereum (EIP-4361) messages, their EIP-191
 * signatures, and ReCap (EIP-5573) capabilities, as the root of a UCAN chain:
 * CACAO (CAIP-74) blocks, root verification and creation (docs/siwe-root.md),
 * and contract-wallet signatures (ERC-1271, ERC-6492).
 */
export {
  CacaoCidMismatchError,
  ContractSignatureUnavailableError,
  InvalidRootCapabilityError,
  MalformedCacaoError,
  RootCommandNotGrantedError,
  SiweUriNotDidKeyError,
  UnsupportedCacaoError,
  InvalidAddressError,
  InvalidRecapError,
  InvalidSiweMessageError,
  InvalidSiweOptionError,
  MissingRecapError,
  RecapStatementMismatchError,
  SiweChainIdMismatchError,
  SiweDomainMismatchError,
  SiweExpiredError,
  SiweIssuedInFutureError,
  SiweNonceMismatchError,
  SiweNotYetValidError,
  SiweSessionLifetimeError,
  WalletRequestError,
  type SiweErrorCode,
  type SiweErrorOptions,
} from './errors.js'
export { isChecksumAddress, toChecksumAddress } from './address/checksum.js'
export { DEFAULT_MAX_MESSAGE_LENGTH, type SiweMessageFields } from './message/interface.js'
export { parseSiweMessage, type ParseSiweMessageOptions } from './message/parse.js'
export { createSiweMessage } from './message/create.js'
export { DEFAULT_CLOCK_SKEW_SECONDS, validateSiweMessage, type ValidateSiweMessageOptions } from './message/validate.js'
export { verifySiweMessage, type VerifySiweMessageOptions } from './message/verify.js'
export { hashPersonalMessage, PERSONAL_MESSAGE_PREFIX } from './eip191/hash.js'
export { addressFromPublicKey, recoverPersonalSignAddress } from './eip191/recover.js'
export { verifySiweSignature } from './eip191/verify.js'
export {
  RECAP_STATEMENT_PREAMBLE,
  RECAP_URI_PREFIX,
  type JsonValue,
  type Recap,
  type RecapAbilities,
  type RecapCaveat,
} from './recap/interface.js'
export { encodeRecap } from './recap/encode.js'
export { decodeRecap } from './recap/decode.js'
export { checkRecapStatement, RECAP_STATEMENT_ORDERS, recapStatement } from './recap/statement.js'
export type { RecapStatementOrder } from './recap/statement.js'
export { extractRecap, verifyRecap } from './recap/extract.js'
export { withRecap } from './recap/attach.js'
export {
  CACAO_MAX_DEPTH,
  MAX_CACAO_BYTES,
  type CacaoHeaderType,
  type CacaoSignatureEncoding,
  type CacaoSignatureType,
  type DecodedCacao,
} from './cacao/interface.js'
export { decodeCacao, isDecodedCacao, looksLikeCacao, type DecodeCacaoOptions } from './cacao/decode.js'
export { encodeCacao, type CacaoBlock, type EncodeCacaoOptions, type SignedSiweMessage } from './cacao/encode.js'
export { cacaoIdentity } from './cacao/identity.js'
export { didPkh } from './cacao/did-pkh.js'
export type { RootCapability, SiweRootLink, VerifySiweRootOptions } from './root/interface.js'
export { verifySiweRoot } from './root/verify.js'
export { rootForCommand } from './root/select.js'
export { siweRootFormat } from './root/format.js'
export { SIWE_ROOT_CACHE_SIZE } from './root/cache.js'
export { DEFAULT_MAX_SESSION_LIFETIME } from './root/lifetime.js'
export type { SiweRootFormatOptions } from './root/format.js'
export { createSiweRoot, type CreateSiweRootInput, type SiweRoot } from './root/create.js'
export type { ContractSignatureChecker, EthCallClient, Hex } from './contract-wallet/interface.js'
export { contractSignatureChecker } from './contract-wallet/checker.js'
export { ERC6492_MAGIC_SUFFIX, isErc6492Signature } from './contract-wallet/erc6492.js'
export { pkhRootVerifier, type PkhRootVerifierOptions } from './pkh-root/verifier.js'
export { parsePkhAccount, type PkhAccount } from './pkh-root/account.js'
export { InvalidPkhRootError } from './pkh-root/errors.js'
export { createSiweSession } from './session/create-session.js'
export type { CreateSiweSessionInput, DelegateInput, InvokeInput, SiweSession } from './session/create-session.js'
export type { Eip1193Provider } from './session/eip1193.js'
