/** TF.js backends timed beside Polygrad's, set up by the Node CLI or the page. */
import type { Tfjs } from '@polygrad/benchmarks/workloads';
import type { PeerEntry } from './model.js';

export interface PeerRuntime {
  /** `peer:tfjs-cpu`, `peer:tfjs-wasm` (distinct from Polygrad backends that run on TF.js, e.g. `tfjs-cpu`). */
  readonly name: string;
  readonly label: string;
  readonly tf: Tfjs;
  /** Make this peer TF.js's active backend. */
  activate(): Promise<void>;
}

export interface PeerSetup {
  readonly entries: readonly Omit<PeerEntry, 'selected'>[];
  readonly runtimes: readonly PeerRuntime[];
}

/** `tfjs-cpu` → `peer:tfjs-cpu`. */
export function peerId(tfjsName: string): string {
  return `peer:${tfjsName}`;
}

/** `tfjs-cpu` → `TF.js cpu`. */
export function peerLabel(tfjsName: string): string {
  return `TF.js ${tfjsName.replace(/^(peer:)?tfjs-/, '')}`;
}
