/** What the compare page offers tests and the browser benchmark: `window.polygradCompare`. */
import type { CompareReport, PackageEntry } from './model.js';

export interface PageRunOptions {
  /** Backends to run (default: every available one). */
  readonly backends?: readonly string[];
  /** Peer ids to run (default: every available one). */
  readonly peers?: readonly string[];
  readonly quick?: boolean;
  readonly float64?: boolean;
  readonly conformance?: boolean;
  readonly speed?: boolean;
  /** Only these workloads of the speed set (ids, e.g. `matmul-512-at`; default all). */
  readonly workloads?: readonly string[];
}

export interface PageApi {
  /** Resolves once the backend packages are imported and the controls are live. */
  ready: Promise<void>;
  packages: readonly PackageEntry[];
  /** The last finished run. */
  report: CompareReport | null;
  /** Run with these options (the controls are updated to match), as the Run button does. */
  run(options?: PageRunOptions): Promise<CompareReport>;
}
