import { PolicyLimitError } from '../errors.js'
import type { IPLDValue, Policy, PolicyFailure, PolicyOptions, PolicyResult, Statement } from '../interface.js'
import { DEFAULT_MAX_STEPS } from '../limits.js'
import { isParsedPolicy, parsePolicy } from '../parse/policy.js'
import { EXHAUSTED, PolicyBudget } from './budget.js'
import { explainStatement, renderStatement } from './explain.js'
import { evaluateStatement } from './statement.js'

const PASS: PolicyResult = Object.freeze({ ok: true })

function fail(failure: PolicyFailure): PolicyResult {
  return { ok: false, failure }
}

/**
 * Evaluates a policy against invocation arguments: every top-level
 * statement must hold (spec: the policy is an implicit `and`), checked in
 * order, stopping at the first that does not.
 *
 * Pass a `Policy` from `parsePolicy` to parse once and evaluate many times;
 * a raw IPLD policy is parsed first, on every call.
 *
 * Never throws for a parsed policy: selectors that do not resolve, values of
 * the wrong kind and arguments that are not IPLD at all make statements
 * false. Running out of the budget is also a denial, reported with
 * `failure.error` set to a `PolicyLimitError` (`limit: 'maxSteps'`), so a
 * hostile argument can cost a verifier at most the budget and never an
 * exception path. The budget is `options.budget` when given, shared with
 * every other call it is passed to (`limits.maxSteps` is then unused), else
 * a fresh one of `limits.maxSteps` steps; explaining a denial spends from it too.
 *
 * @throws {InvalidPolicyError} if given a raw policy that is malformed.
 * @throws {PolicyLimitError} if given a raw policy that exceeds a static limit.
 * @throws {InvalidPolicyOptionsError} if a limit override is not a positive integer.
 */
export function evaluatePolicy(
  policy: Policy | readonly IPLDValue[],
  args: IPLDValue,
  options?: PolicyOptions,
): PolicyResult {
  const parsed = isParsedPolicy(policy) ? policy : parsePolicy(policy, options)
  const budget = options?.budget ?? new PolicyBudget(options?.limits?.maxSteps ?? DEFAULT_MAX_STEPS)
  const statements = parsed.statements
  let index = 0
  try {
    for (; index < statements.length; index++) {
      const statement = statements[index] as Statement
      if (!evaluateStatement(statement, args, budget)) return explainFailure(statement, index, args, budget)
    }
  } catch (error) {
    if (error !== EXHAUSTED) throw error
    return budgetFailure(statements[index] as Statement, index, budget.max)
  }
  return PASS
}

function explainFailure(statement: Statement, index: number, args: unknown, budget: PolicyBudget): PolicyResult {
  const at = `pol[${index}]`
  const rendered = renderStatement(statement)
  const explanation = explainStatement(statement, args, at, budget)
  const failure: PolicyFailure = {
    index,
    statement: statement.ipld,
    rendered,
    at: explanation.at,
    message: `${at} \`${rendered}\` failed: ${explanation.detail}`,
  }
  if (explanation.selector === undefined) return fail(failure)
  return fail({ ...failure, selector: explanation.selector, value: explanation.value })
}

function budgetFailure(statement: Statement, index: number, maxSteps: number): PolicyResult {
  const at = `pol[${index}]`
  const rendered = renderStatement(statement)
  const detail = `evaluation exceeded the budget of ${maxSteps} steps`
  return fail({
    index,
    statement: statement.ipld,
    rendered,
    at,
    message: `${at} \`${rendered}\` failed: ${detail}`,
    error: new PolicyLimitError('maxSteps', maxSteps, detail, { at }),
  })
}
