/**
 * `@capchain/client`: the capchain client SDK, one API in browsers and
 * Node. Sign in once with an Ethereum wallet, then read and write files,
 * share folders with other agents and revoke them, each request signed by
 * the client's own key with no further wallet prompt. docs/client.md.
 */
export { createClient } from './client.js'
export type { CapchainClient, ClientOptions, GrantBuilder, RevocationReceipt } from './client.js'
export type { Authority, RootBlock } from './authority/authority.js'
export type { SignInAbility, SignInOptions } from './session/sign-in.js'
export { DEFAULT_SESSION_LIFETIME } from './session/sign-in.js'
export type { EthersSignerLike, Eip1193Provider, Hex, ViemAccountLike, ViemWalletClientLike, Wallet } from './wallet/interface.js'
export { ACCEPTED_WALLETS } from './wallet/wallet-provider.js'
export type { DelegateOptions } from './grant/delegate.js'
export type { Clock } from './time/clock.js'
export type { EndTimeOptions } from './time/end-time.js'
export { DEFAULT_GRANT_LIFETIME } from './grant/delegate.js'
export type { GetOptions, ListEntry, ListResult, PutOptions, PutResult, StorageApi, StorageFile } from './storage/interface.js'
export { INVOCATION_LIFETIME } from './storage/storage.js'
export type { Progress, ProgressListener } from './transport/progress.js'
export type { UploadBody } from './transport/upload.js'
export { AUTHORIZATION_SCHEME, authorizationHeader } from './transport/http.js'
export { encodeStoragePath } from './transport/paths.js'
export type { ClientRecords, ClientStore, ImportedRecord, IssuedRecord, SessionRecord } from './store/interface.js'
export { memoryStore } from './store/memory.js'
export { fileStore } from './store/file.js'
export { indexedDbStore } from './store/indexeddb.js'
export { defaultStore } from './store/default.js'
export { WebCryptoSigner } from './keys/webcrypto-signer.js'
export { readKeyFile, writeKeyFile } from './keys/key-file.js'
export {
  ClientError,
  ClientInputError,
  DelegationImportError,
  KeyStoreError,
  NoAuthorityError,
  NonExtractableKeyError,
  NotSignedInError,
  ServiceError,
  TransportError,
  UnknownDelegationError,
  UnsupportedWalletError,
} from './errors.js'
export type { ClientErrorCode, ServiceErrorBody } from './errors.js'
