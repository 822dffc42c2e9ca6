export { measure, median, quantile } from './measure.js'
export type { BenchCase, CaseResult, MeasureOptions } from './measure.js'
export { capchainCases, infoCases, peerCases, CASES } from './scenarios.js'
