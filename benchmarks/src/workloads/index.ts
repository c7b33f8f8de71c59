/**
 * The benchmark workloads, importable on their own (`@polygrad/benchmarks/workloads`):
 * browser-safe, parameterised by Polygrad backend name or TF.js module.
 */
export { seededUniform } from '../types.js';
export {
  type MatmulTranspose,
  matmulData,
  matmulWorkload,
  type PolygradMatmul,
  polygradMatmul,
  tfjsMatmul,
} from './matmul.js';
export {
  MLP,
  type MlpStepWorkload,
  mlpData,
  mlpStepWorkload,
  polygradMlpStep,
  tfjsMlpStep,
} from './mlp-step.js';
export {
  type PolygradSmallOp,
  polygradSmallOp,
  SMALL_OP_SIZE,
  smallOpData,
  smallOpWorkload,
  type TfjsSmallOp,
  tfjsSmallOp,
} from './small-op.js';
export {
  polygradSoftmaxCrossEntropy,
  SOFTMAX_CLASSES,
  SOFTMAX_ROWS,
  softmaxCrossEntropyWorkload,
  softmaxData,
  tfjsSoftmaxCrossEntropy,
} from './softmax-ce.js';
export {
  readBack,
  readsSync,
  type Tfjs,
  type Workload,
  type WorkloadInfo,
  type WorkloadSpec,
} from './workload.js';
