/**
 * Where a TF.js backend's kernels differ from Polygrad's contract, found by
 * running a few tiny probes on it at initialisation. Each difference found is
 * corrected by the adapter (a composition of other TF.js ops) and listed in
 * the backend's `deviceInfo().fixes`, so nothing is corrected silently.
 */
import * as tf from '@tensorflow/tfjs-core';

/**
 * The differences from the contract found by probing a TF.js backend at initialisation; each one found is
 * corrected by the adapter and listed in `deviceInfo().fixes`.
 */
export interface TfjsFixes {
  /** `maximum`/`minimum` return the other operand when one is NaN (tfjs-wasm); the contract propagates NaN. */
  readonly maxMinDropNaN: boolean;
  /** int32 `mul` rounds through float64 and loses the low bits of products past 2^53 (tfjs-cpu). */
  readonly int32MulInexact: boolean;
  /** int32 `prod` loses the low bits the same way (tfjs-cpu). */
  readonly int32ProdInexact: boolean;
  /** int32 `neg` rounds through float32 (tfjs-wasm: neg(123456789) = -123456792). */
  readonly int32NegInexact: boolean;
  /** int32 `abs` rounds through float32 (tfjs-cpu and tfjs-wasm: abs(123456789) = 123456792). */
  readonly int32AbsInexact: boolean;
  /**
   * float32 `sign` is 0 for |x| < FLT_EPSILON (tfjs-wasm 4.22: its Sign kernel tests
   * `-eps < x < eps`, so sign(-1e-30) = 0); the contract says ±1 for every nonzero x.
   */
  readonly signFlushesTiny: boolean;
  /**
   * float32 `sum` adds every element of an output to one float32 accumulator in turn (tfjs-wasm
   * 4.22's Sum kernel), so addends below an ulp of the running sum are lost and the error grows
   * with the length n, not its square root: over the 500,976 pixels of 640 MNIST digits the sum of
   * squared deviations is 0.3% low. The adapter then sums in blocks (see kernels/reduce.ts).
   */
  readonly sumAccumulatesSequentially: boolean;
  /** `log1p` cancels for tiny x (tfjs-wasm computes log(1 + x): log1p(1e-10) = 0). */
  readonly log1pCancels: boolean;
  /**
   * `fused.matMul` with `transposeB` adds the bias at the wrong positions
   * (tfjs-wasm 4.22: [[1,2],[5,6]] + [10,20] gives [[11,22],[25,26]]); the
   * adapter then adds the bias after an unfused matMul.
   */
  readonly fusedBiasTransposedWrong: boolean;
  /** int32 `pad` rounds its constant through float32 (tfjs-wasm: pad value 16777217 gives 16777216). */
  readonly int32PadValueInexact: boolean;
  /** `div` returns 1 when both operands are equal, 0/0 and ∞/∞ included (tfjs-webgl); IEEE says NaN. */
  readonly divEqualIsOne: boolean;
  /** `log(0)` is finite (tfjs-webgl on SwiftShader: −88.03, the log of the smallest float); IEEE says −∞. */
  readonly logZeroFinite: boolean;
}

const SUM_PROBE_ONES = 4096;

function probe(f: () => tf.Tensor): number[] {
  return tf.tidy(() => Array.from(f().dataSync() as ArrayLike<number>));
}

/**
 * Run the probes on the device: tfjs-webgl runs ops on small tensors that are
 * still on the CPU with its CPU kernels (WEBGL_CPU_FORWARD), which would hide
 * what its shaders do. Other backends do not register the flag.
 */
function onDevice<T>(f: () => T): T {
  const env = tf.env();
  let forward: boolean | undefined;
  try {
    forward = env.getBool('WEBGL_CPU_FORWARD');
  } catch {
    return f();
  }
  env.set('WEBGL_CPU_FORWARD', false);
  try {
    return f();
  } finally {
    env.set('WEBGL_CPU_FORWARD', forward);
  }
}

/**
 * Probe the active TF.js backend. int32 exactness is only corrected where
 * the backend holds int32 exactly (`wrapping`); a `float24` backend declares
 * that int32 is exact to 2^24 only, and nothing past that is promised.
 */
export function detectFixes(int32Wrapping: boolean): TfjsFixes {
  return onDevice(() => probeAll(int32Wrapping));
}

function probeAll(int32Wrapping: boolean): TfjsFixes {
  const big = 123456789;
  const [mx, mn] = [
    probe(() => tf.maximum(tf.tensor1d([1, Number.NaN]), tf.tensor1d([Number.NaN, 1]))),
    probe(() => tf.minimum(tf.tensor1d([1, Number.NaN]), tf.tensor1d([Number.NaN, 1]))),
  ];
  const int = (v: number[]) => tf.tensor1d(v, 'int32');
  return {
    maxMinDropNaN: [...mx, ...mn].some((v) => !Number.isNaN(v)),
    // 2147483647² = 1 (mod 2^32)
    int32MulInexact: int32Wrapping && probe(() => tf.mul(int([2147483647]), int([2147483647])))[0] !== 1,
    int32ProdInexact: int32Wrapping && probe(() => tf.prod(int([2147483647, 2147483647])))[0] !== 1,
    int32NegInexact: int32Wrapping && probe(() => tf.neg(int([big])))[0] !== -big,
    int32AbsInexact: int32Wrapping && probe(() => tf.abs(int([-big])))[0] !== big,
    signFlushesTiny: probe(() => tf.sign(tf.tensor1d([-1e-30, 1e-30, -1e-7]))).join() !== '-1,1,-1',
    // 2^24 then 4096 ones: exactly 2^24 + 4096; a float32 accumulator that starts at 2^24 stays there.
    sumAccumulatesSequentially:
      probe(() => tf.sum(tf.concat([tf.tensor1d([2 ** 24]), tf.ones([SUM_PROBE_ONES])])))[0] <
      2 ** 24 + SUM_PROBE_ONES / 2,
    log1pCancels: probe(() => tf.log1p(tf.tensor1d([1e-10])))[0] === 0,
    int32PadValueInexact: int32Wrapping && probe(() => tf.pad(int([0]), [[1, 0]], 16777217))[0] !== 16777217,
    divEqualIsOne: !Number.isNaN(probe(() => tf.div(tf.tensor1d([0]), tf.tensor1d([0])))[0]),
    logZeroFinite: probe(() => tf.log(tf.tensor1d([0])))[0] !== Number.NEGATIVE_INFINITY,
    fusedBiasTransposedWrong:
      probe(() =>
        tf.fused.matMul({
          a: tf.tensor2d([1, 2, 5, 6], [2, 2]),
          b: tf.tensor2d([1, 0, 0, 1], [2, 2]),
          transposeB: true,
          bias: tf.tensor1d([10, 20]),
        }),
      ).join() !== '11,22,15,26',
  };
}

/** The names of the fixes that are on, for deviceInfo. */
export function fixNames(f: TfjsFixes): string[] {
  return (Object.keys(f) as (keyof TfjsFixes)[]).filter((k) => f[k]);
}
