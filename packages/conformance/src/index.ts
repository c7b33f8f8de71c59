/**
 * @polygrad/conformance — the one suite every Polygrad backend must pass,
 * exported as data (`listCases`) plus a runner (`runCase`, `runConformance`)
 * a Vitest adapter (`defineConformanceSuite`), the kernel × backend coverage
 * matrix and report formatters. The `polygrad-conformance` CLI (src/cli/) is
 * the Node-only part.
 */

export { listCases } from './cases/index.js';
export { kernelCoverage } from './coverage.js';
export {
  COVERAGE_END,
  COVERAGE_START,
  type CoverageBackend,
  type CoverageCell,
  type CoverageMatrix,
  type CoverageRow,
  type CoverageStatus,
  coverageMarkdown,
  coverageMatrix,
  coverageText,
  replaceCoverageBlock,
} from './coverage-matrix.js';
export { formatReportMarkdown, formatReportText, type ReportFormatOptions } from './format/report.js';
export { ORACLE_CATEGORIES, oracleBackendName } from './oracle.js';
/**
 * The independent naive float64 reference implementations the cases compare against (plain loops over
 * `Float64Array`; no backend involved).
 */
export * as reference from './reference/index.js';
export { evaluateChecks, type RunCaseOptions, runCase, runConformance } from './runner.js';
export {
  C_FINITE_DIFFERENCE,
  C_TOLERANCE,
  elementAtol,
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
  OracleOutcome,
  RunOptions,
  Skip,
  Tier,
} from './types.js';
export { CATEGORIES } from './types.js';
export { defineConformanceSuite, type SkipContext, type SuiteOptions, type TestApi } from './vitest.js';
