/**
 * Policy statements of the storage profile, in the IPLD form a delegation's
 * `pol` holds (docs/policy.md for the language).
 */
import type { IPLDValue } from '@capchain/core/token'
import { InvalidStorageArgsError } from '../errors.js'
import { assertStoragePath } from '../path/validate.js'

/**
 * `.path` is `scope` or below it, by whole segments: `/photos` covers
 * `/photos` and `/photos/a/b.jpg`, never `/photos-private`. `like`'s `*`
 * also matches "/", which is what a subtree needs; "..", empty segments and
 * the like cannot slip through it because every path is validated before
 * any policy is evaluated. A `*` inside `scope` is escaped, so it matches
 * only itself.
 *
 * @throws {InvalidStoragePathError} `scope` is not a canonical path
 */
export function pathScopeStatement(scope: string): IPLDValue {
  assertStoragePath(scope, 'scope')
  if (scope === '/') return ['like', '.path', '/*']
  return ['or', [['==', '.path', scope], ['like', '.path', `${scope.replaceAll('*', '\\*')}/*`]]]
}

/**
 * `.size`, when present, is at most `max` bytes. A missing size passes
 * here because list and delete carry none; read and write must carry one,
 * which the profile checks before the chain is verified.
 *
 * @throws {InvalidStorageArgsError} `max` is not a non-negative safe integer
 */
export function sizeCeilingStatement(max: number): IPLDValue {
  if (!Number.isSafeInteger(max) || max < 0) throw new InvalidStorageArgsError(`a size ceiling must be a non-negative safe integer, got ${max}`)
  return ['or', [['==', '.size', null], ['<=', '.size', max]]]
}
