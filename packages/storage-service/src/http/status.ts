/**
 * The HTTP status of each of the storage service's own error codes
 * (docs/service.md, "Statuses"), over the guard's map (`@capchain/guard`):
 *
 * - 400: a path, args or body that cannot be what the invocation declared.
 * - 409: the path is in the way.
 * - 405: `HEAD` on a storage route (it would be charged and deliver nothing).
 * - 413: more bytes than the invocation declared.
 * - 507: the subject's storage limit on this service is reached (a limit of
 *   the service, not of the chain, hence not 403).
 */
import { statusWith } from '@capchain/guard'

/** The guard's `statuses` for the service's own codes. */
export const STORAGE_STATUSES: Readonly<Record<string, number>> = {
  ERR_URL_PATH_INVALID: 400,
  ERR_STORAGE_PATH_INVALID: 400,
  ERR_STORAGE_ARGS_INVALID: 400,
  ERR_CONTENT_LENGTH_MISMATCH: 400,
  ERR_BODY_INCOMPLETE: 400,
  ERR_LENGTH_REQUIRED: 411,
  ERR_NOT_FOUND: 404,
  ERR_PATH_CONFLICT: 409,
  ERR_METHOD_NOT_ALLOWED: 405,
  ERR_SUBJECT_STORAGE_FULL: 507,
  ERR_STORAGE_SIZE_EXCEEDED: 413,
}

/** The status of a denial, as the guard gives it unless the code is the storage service's. */
export const statusOf = statusWith(STORAGE_STATUSES)
