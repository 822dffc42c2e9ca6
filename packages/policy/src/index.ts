export { parsePolicy, isParsedPolicy } from './parse/policy.js'
export { parseSelector } from './parse/selector.js'
export { evaluatePolicy } from './evaluate/evaluate.js'
export { PolicyBudget } from './evaluate/budget.js'
export { selectValue } from './evaluate/select-value.js'
export { renderValue } from './render.js'
export { InvalidPolicyError, InvalidPolicyOptionsError, PolicyLimitError } from './errors.js'
export type { PolicyErrorCode } from './errors.js'
export {
  DEFAULT_LIMITS,
  DEFAULT_MAX_DEPTH,
  DEFAULT_MAX_PATTERN_LENGTH,
  DEFAULT_MAX_SELECTOR_LENGTH,
  DEFAULT_MAX_STATEMENTS,
  DEFAULT_MAX_STEPS,
} from './limits.js'
export type {
  ConnectiveStatement,
  EqualityStatement,
  FieldSegment,
  IndexSegment,
  InequalityStatement,
  IPLDMap,
  IPLDValue,
  IterateSegment,
  LeafStatement,
  LikeStatement,
  NegationStatement,
  Operator,
  Pattern,
  PatternFragment,
  Policy,
  PolicyFailure,
  PolicyLimitName,
  PolicyLimits,
  PolicyNumber,
  PolicyOptions,
  PolicyResult,
  QuantifierStatement,
  Segment,
  Selector,
  SliceSegment,
  Statement,
} from './interface.js'
