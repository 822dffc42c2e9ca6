import { RecapStatementMismatchError } from '../errors.js'
import { RECAP_STATEMENT_PREAMBLE, type Recap } from './interface.js'
import { checkRecap } from './shape.js'

/**
 * How the numbered entries of a ReCap's text are ordered. EIP-5573 leaves
 * the order of namespace groups open, and the two reference libraries differ:
 * - `recap-ts` (npm `siwe-recap`, the JavaScript library wallets and dapps
 *   use): namespaces in order of first appearance among the sorted ability
 *   strings, except that integer-like namespaces come first in numeric order
 *   (JavaScript object-key order). For `a` and `a-b` it writes `a-b` first,
 *   because `"a-b/x" < "a/y"`.
 * - `namespace` (the Rust crate `siwe-recap`, a BTreeMap keyed by namespace):
 *   namespaces in ascending code-unit order.
 * Both sort resources, and ability names within an entry, by code unit.
 */
export type RecapStatementOrder = 'recap-ts' | 'namespace'

/** Every order a verifier accepts; the first is the one we write. */
export const RECAP_STATEMENT_ORDERS: readonly RecapStatementOrder[] = Object.freeze(['recap-ts', 'namespace'])

/** JavaScript's array-index keys, which an object lists first, ascending (ECMA-262 OrdinaryOwnPropertyKeys). */
const ARRAY_INDEX = /^(?:0|[1-9][0-9]*)$/
const isArrayIndex = (key: string): boolean => ARRAY_INDEX.test(key) && Number(key) < 2 ** 32 - 1

function namespaceOrder(namespaces: readonly string[], order: RecapStatementOrder): string[] {
  if (order === 'namespace') return [...namespaces].sort()
  const indexes = namespaces.filter(isArrayIndex).sort((a, b) => Number(a) - Number(b))
  return [...indexes, ...namespaces.filter((namespace) => !isArrayIndex(namespace))]
}

/**
 * The text a ReCap translates to (EIP-5573 "ReCap Translation Algorithm"),
 * without the user's own statement in front:
 * `I further authorize … on my behalf: (1) 'ns': 'a', 'b' for 'resource'. (2) …`
 *
 * By default in recap-ts's order, the one the JavaScript verifier accepts
 * (it compares the statement with its own text); `checkRecapStatement`
 * accepts either order, since the wallet signed whichever text it showed.
 * @throws {InvalidRecapError} if `recap` is not a valid ReCap Details Object.
 */
export function recapStatement(recap: Recap, order: RecapStatementOrder = 'recap-ts'): string {
  const { att } = checkRecap(recap)
  let text = RECAP_STATEMENT_PREAMBLE
  let entry = 1
  for (const resource of Object.keys(att).sort()) {
    // Abilities sorted first, so each group's names come out sorted and groups in order of first appearance.
    const groups = new Map<string, string[]>()
    for (const ability of Object.keys(att[resource] ?? {}).sort()) {
      const slash = ability.indexOf('/')
      const namespace = ability.slice(0, slash)
      const names = groups.get(namespace)
      if (names === undefined) groups.set(namespace, [ability.slice(slash + 1)])
      else names.push(ability.slice(slash + 1))
    }
    for (const namespace of namespaceOrder([...groups.keys()], order)) {
      const names = (groups.get(namespace) ?? []).map((name) => `'${name}'`)
      text += ` (${entry}) '${namespace}': ${names.join(', ')} for '${resource}'.`
      entry += 1
    }
  }
  return text
}

/**
 * Check that a SIWE statement ends with the text `recap` translates to (the
 * EIP-5573 verification step), in either order of {@link RecapStatementOrder}.
 * Slightly stricter than a bare "ends with", so the signer cannot have been
 * shown a different grant first: the text must be the whole statement or
 * follow the user's statement after one space, as the translation algorithm
 * writes it, and the user's part must not itself contain the ReCap preamble.
 * @returns the order the statement uses
 * @throws {RecapStatementMismatchError} if it does not.
 * @throws {InvalidRecapError} if `recap` is not a valid ReCap Details Object.
 */
export function checkRecapStatement(statement: string | undefined, recap: Recap): RecapStatementOrder {
  const expected = RECAP_STATEMENT_ORDERS.map((order) => ({ order, text: recapStatement(recap, order) }))
  const shown = expected.find(({ text }) => statement !== undefined && (statement === text || statement.endsWith(` ${text}`)))
  if (statement === undefined || shown === undefined) {
    throw new RecapStatementMismatchError(`the statement must end with the ReCap text: ${expected[0]!.text}`, { at: 'statement' })
  }
  if (statement.slice(0, statement.length - shown.text.length).includes(RECAP_STATEMENT_PREAMBLE)) {
    throw new RecapStatementMismatchError('the statement shows a second ReCap text before the one its ReCap translates to', {
      at: 'statement',
    })
  }
  return shown.order
}
