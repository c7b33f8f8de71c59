/**
 * @polygrad/conformance — the one suite every Polygrad backend must pass,
 * exported as data (`listCases`) plus a runner (`runCase`, `runConformance`)
 * and a Vitest adapter (`defineConformanceSuite`).
 */

export { listCases } from './cases/index.js';
export { kernelCoverage } from './coverage.js';
/**
 * The independent naive float64 reference implementations the cases compare against (plain loops over
 * `Float64Array`; no backend involved).
 */
export * as reference from './reference/index.js';
export { evaluateChecks, type RunCaseOptions, runCase, runConformance } from './runner.js';
export {
  C_FINITE_DIFFERENCE,
  C_TOLERANCE,
  finiteDifferenceStep,
  finiteDifferenceTolerance,
  inputScale,
  machineEpsilon,
  type Tolerance,
  tolerance,
} from './tolerance.js';
export type {
  BooleanCheck,
  CaseContext,
  CaseOutcome,
  CaseResult,
  Category,
  Check,
  ConformanceCase,
  ConformanceReport,
  ConformanceSummary,
  Evaluation,
  FloatDType,
  GradcheckCheck,
  ListOptions,
  NumericCheck,
  RunOptions,
  Skip,
} from './types.js';
export { CATEGORIES } from './types.js';
export { defineConformanceSuite, type SkipContext, type SuiteOptions, type TestApi } from './vitest.js';
