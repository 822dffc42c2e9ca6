import { CapchainError, type CapchainErrorOptions } from '@capchain/core/errors'

/**
 * A UCAN delegation issued by a did:pkh account that cannot be a
 * wallet-issued root whatever its signature: an issuer that is not
 * `did:pkh:eip155:<chain id>:<address>`, a subject other than its issuer, or
 * a varsig header other than EIP-191. `at` names the field.
 */
export class InvalidPkhRootError extends CapchainError {
  constructor(message: string, options?: CapchainErrorOptions) {
    super('ERR_PKH_ROOT_INVALID', message, options)
  }
}
