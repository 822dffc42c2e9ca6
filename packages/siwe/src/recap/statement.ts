import { RecapStatementMismatchError } from '../errors.js'
import { RECAP_STATEMENT_PREAMBLE, type Recap } from './interface.js'
import { checkRecap } from './shape.js'

/**
 * The text a ReCap translates to (EIP-5573 "ReCap Translation Algorithm"),
 * without the user's own statement in front:
 * `I further authorize … on my behalf: (1) 'ns': 'a', 'b' for 'resource'. (2) …`
 *
 * Pinned order (EIP-5573 leaves the order of namespace groups open):
 * - resources in ascending UTF-16 code-unit order (`Array.prototype.sort`), the order of `att` in canonical JSON;
 * - within a resource, one numbered entry per ability namespace, namespaces
 *   in ascending code-unit order of the namespace itself;
 * - within an entry, ability names in ascending code-unit order.
 *
 * The namespace rule is the Rust reference's (siwe-recap groups into a
 * BTreeMap keyed by namespace). The TypeScript reference (recap-ts) instead
 * lists namespaces in order of first appearance among the sorted ability
 * strings, so for namespaces `a` and `a-b` it writes `a-b` first (`"a-b/x" <
 * "a/y"` because `-` sorts before `/`); it also puts integer-like namespaces
 * first, a JavaScript object-key quirk. We pin the Rust order because it
 * depends only on the namespaces, not on how `/` sorts against namespace characters.
 * @throws {InvalidRecapError} if `recap` is not a valid ReCap Details Object.
 */
export function recapStatement(recap: Recap): string {
  const { att } = checkRecap(recap)
  let text = RECAP_STATEMENT_PREAMBLE
  let entry = 1
  for (const resource of Object.keys(att).sort()) {
    const groups = new Map<string, string[]>()
    for (const ability of Object.keys(att[resource] ?? {})) {
      const slash = ability.indexOf('/')
      const namespace = ability.slice(0, slash)
      const names = groups.get(namespace)
      if (names === undefined) groups.set(namespace, [ability.slice(slash + 1)])
      else names.push(ability.slice(slash + 1))
    }
    for (const namespace of [...groups.keys()].sort()) {
      const names = (groups.get(namespace) ?? []).sort().map((name) => `'${name}'`)
      text += ` (${entry}) '${namespace}': ${names.join(', ')} for '${resource}'.`
      entry += 1
    }
  }
  return text
}

/**
 * Check that a SIWE statement ends with the text `recap` translates to (the
 * EIP-5573 verification step). Slightly stricter than a bare "ends with", so
 * the signer cannot have been shown a different grant first: the text must be
 * the whole statement or follow the user's statement after one space, as the
 * translation algorithm writes it, and the user's part must not itself contain
 * the ReCap preamble.
 * @throws {RecapStatementMismatchError} if it does not.
 * @throws {InvalidRecapError} if `recap` is not a valid ReCap Details Object.
 */
export function checkRecapStatement(statement: string | undefined, recap: Recap): void {
  const expected = recapStatement(recap)
  if (statement === undefined || !(statement === expected || statement.endsWith(` ${expected}`))) {
    throw new RecapStatementMismatchError(`the statement must end with the ReCap text: ${expected}`, { at: 'statement' })
  }
  if (statement.slice(0, statement.length - expected.length).includes(RECAP_STATEMENT_PREAMBLE)) {
    throw new RecapStatementMismatchError('the statement shows a second ReCap text before the one its ReCap translates to', {
      at: 'statement',
    })
  }
}
