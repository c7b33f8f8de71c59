/**
 * The strided loop driver shared by every elementwise kernel.
 *
 * The host collapses a broadcast loop (core's `collapse`) and writes a
 * descriptor into linear memory, all i32:
 *   [rank, shape[rank], strides of operand 0 [rank], … operand 3 [rank]]
 * Operand 0 is the output (dense); unused operands have stride 0. A kernel
 * visits the flat output range [start, end) as contiguous runs along the
 * innermost dimension, so a thread can take any sub-range of the output.
 */

/**
 * A run body is a stateless class with
 *   run(n: i32, o0: i32, o1: i32, o2: i32, o3: i32, s0: i32, s1: i32, s2: i32, s3: i32): void
 * processing `n` elements at element offsets `o*` with inner strides `s*`.
 * Bodies are never allocated (the runtime is a stub): the driver calls the
 * method on a null reference, and per-call state lives in module globals
 * (one instance per thread, so globals are per thread).
 */

@inline
function shapeAt(desc: usize, d: i32): i32 {
  return load<i32>(desc + 4 + (<usize>d << 2));
}

@inline
function strideAt(desc: usize, rank: i32, k: i32, d: i32): i32 {
  return load<i32>(desc + 4 + (<usize>(rank * (1 + k) + d) << 2));
}

/** Calls `body.run` for every run of the flat output range [start, end). */
@inline
export function eachRun<B>(desc: usize, start: i32, end: i32): void {
  const body = changetype<B>(0);
  const rank = load<i32>(desc);
  if (rank == 0) {
    if (start < end) body.run(1, 0, 0, 0, 0, 0, 0, 0, 0);
    return;
  }
  const last = rank - 1;
  const inner = shapeAt(desc, last);
  const s0 = strideAt(desc, rank, 0, last);
  const s1 = strideAt(desc, rank, 1, last);
  const s2 = strideAt(desc, rank, 2, last);
  const s3 = strideAt(desc, rank, 3, last);
  let f = start;
  while (f < end) {
    let rem = f;
    let i = rem % inner;
    rem = rem / inner;
    let o0 = i * s0;
    let o1 = i * s1;
    let o2 = i * s2;
    let o3 = i * s3;
    for (let d = last - 1; d >= 0; d--) {
      const size = shapeAt(desc, d);
      const id = rem % size;
      rem = rem / size;
      o0 += id * strideAt(desc, rank, 0, d);
      o1 += id * strideAt(desc, rank, 1, d);
      o2 += id * strideAt(desc, rank, 2, d);
      o3 += id * strideAt(desc, rank, 3, d);
    }
    let n = inner - i;
    if (n > end - f) n = end - f;
    body.run(n, o0, o1, o2, o3, s0, s1, s2, s3);
    f += n;
  }
}
