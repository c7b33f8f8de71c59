/**
 * Chunked jobs for the thread pool. The host writes a job into linear memory:
 *   f64[0] kernel id, f64[1] total items, f64[2] items per chunk, f64[3…] kernel arguments
 * and every participating thread (the caller included) claims chunk indices
 * and calls `runChunk`. Chunk c covers items [c·per, min(total, (c+1)·per)).
 * What an "item" is depends on the kernel (elements, rows, matmul blocks);
 * each output element is written by exactly one chunk.
 */
import { binary, cast, compare, fill, range, select, unary } from './elementwise';
import {
  activationBackward,
  adamUpdate,
  crossEntropy,
  crossEntropyBackward,
  dropout,
  sgdUpdate,
  softmax,
  softmaxBackward,
} from './fused';
import { copyStrided, gather, scatterAdd, transpose2d } from './layout';
import { matmulChunks } from './matmul';
import { random } from './random';
import { argReduce, reduceColumns, reduceRows } from './reduce';

export const J_MATMUL: i32 = 1;
export const J_UNARY: i32 = 2;
export const J_BINARY: i32 = 3;
export const J_COMPARE: i32 = 4;
export const J_SELECT: i32 = 5;
export const J_CAST: i32 = 6;
export const J_REDUCE_ROWS: i32 = 7;
export const J_REDUCE_COLUMNS: i32 = 8;
export const J_COPY: i32 = 9;
export const J_TRANSPOSE2D: i32 = 10;
export const J_SOFTMAX: i32 = 11;
export const J_SOFTMAX_BACKWARD: i32 = 12;
export const J_ACTIVATION_BACKWARD: i32 = 13;
export const J_DROPOUT: i32 = 14;
export const J_SGD: i32 = 15;
export const J_ADAM: i32 = 16;
export const J_RANDOM: i32 = 17;
export const J_GATHER: i32 = 18;
export const J_SCATTER_ADD: i32 = 19;
export const J_ARG_REDUCE: i32 = 20;
export const J_CROSS_ENTROPY: i32 = 21;
export const J_CROSS_ENTROPY_BACKWARD: i32 = 22;
export const J_FILL: i32 = 23;
export const J_RANGE: i32 = 24;

@inline
function arg(job: usize, i: i32): f64 {
  return load<f64>(job + (<usize>(3 + i) << 3));
}
@inline
function argI(job: usize, i: i32): i32 {
  return <i32>arg(job, i);
}
@inline
function argP(job: usize, i: i32): usize {
  return <usize>arg(job, i);
}

/** Runs chunk `chunk` of the job at `job`; `work` is this thread's scratch. */
export function runChunk(job: usize, chunk: i32, work: usize): void {
  const id = <i32>load<f64>(job);
  const total = <i32>load<f64>(job, 8);
  const per = <i32>load<f64>(job, 16);
  const s = chunk * per;
  const e = min(total, s + per);
  if (s >= e) return;
  switch (id) {
    case J_MATMUL:
      matmulChunks(
        argI(job, 0) != 0,
        argP(job, 1),
        argP(job, 2),
        argP(job, 3),
        argP(job, 4),
        argI(job, 5),
        argI(job, 6),
        argI(job, 7),
        argI(job, 8),
        argI(job, 9),
        argI(job, 10) != 0,
        argI(job, 11) != 0,
        argI(job, 12),
        argI(job, 13),
        s,
        e,
        work,
      );
      return;
    case J_UNARY:
      unary(argI(job, 0), argI(job, 1), argP(job, 2), argP(job, 3), s, e);
      return;
    case J_BINARY:
      binary(argI(job, 0), argI(job, 1), argP(job, 2), argP(job, 3), argP(job, 4), argP(job, 5), s, e);
      return;
    case J_COMPARE:
      compare(argI(job, 0), argI(job, 1), argP(job, 2), argP(job, 3), argP(job, 4), argP(job, 5), s, e);
      return;
    case J_SELECT:
      select(argI(job, 0), argP(job, 1), argP(job, 2), argP(job, 3), argP(job, 4), argP(job, 5), s, e);
      return;
    case J_CAST:
      cast(argI(job, 0), argI(job, 1), argP(job, 2), argP(job, 3), s, e);
      return;
    case J_REDUCE_ROWS:
      reduceRows(argI(job, 0), argI(job, 1), argP(job, 2), argP(job, 3), argI(job, 4), s, e);
      return;
    case J_REDUCE_COLUMNS:
      reduceColumns(argI(job, 0), argI(job, 1), argP(job, 2), argP(job, 3), argI(job, 4), argI(job, 5), s, e);
      return;
    case J_COPY:
      copyStrided(argI(job, 0), argP(job, 1), argP(job, 2), argP(job, 3), s, e);
      return;
    case J_TRANSPOSE2D:
      transpose2d(argI(job, 0), argP(job, 1), argP(job, 2), argI(job, 3), argI(job, 4), s, e);
      return;
    case J_SOFTMAX:
      softmax(argI(job, 0), argP(job, 1), argP(job, 2), argI(job, 3), argI(job, 4), argI(job, 5) != 0, s, e);
      return;
    case J_SOFTMAX_BACKWARD:
      softmaxBackward(
        argI(job, 0),
        argP(job, 1),
        argP(job, 2),
        argP(job, 3),
        argI(job, 4),
        argI(job, 5),
        argI(job, 6) != 0,
        s,
        e,
      );
      return;
    case J_ACTIVATION_BACKWARD:
      activationBackward(argI(job, 0), argI(job, 1), argP(job, 2), argP(job, 3), argP(job, 4), argP(job, 5), s, e);
      return;
    case J_DROPOUT:
      dropout(argI(job, 0), argP(job, 1), argP(job, 2), argP(job, 3), <u32>arg(job, 4), arg(job, 5), arg(job, 6), s, e);
      return;
    case J_SGD:
      sgdUpdate(
        argI(job, 0),
        argP(job, 1),
        argP(job, 2),
        argP(job, 3),
        argP(job, 4),
        argP(job, 5),
        arg(job, 6),
        arg(job, 7),
        arg(job, 8),
        argI(job, 9) != 0,
        arg(job, 10),
        arg(job, 11),
        argI(job, 12) != 0,
        s,
        e,
      );
      return;
    case J_ADAM:
      adamUpdate(
        argI(job, 0),
        argP(job, 1),
        argP(job, 2),
        argP(job, 3),
        argP(job, 4),
        argP(job, 5),
        argP(job, 6),
        argP(job, 7),
        arg(job, 8),
        arg(job, 9),
        arg(job, 10),
        arg(job, 11),
        arg(job, 12),
        argI(job, 13) != 0,
        arg(job, 14),
        arg(job, 15),
        s,
        e,
      );
      return;
    case J_RANDOM:
      random(argI(job, 0), argI(job, 1), argP(job, 2), <u32>arg(job, 3), arg(job, 4), arg(job, 5), s, e);
      return;
    case J_GATHER:
      gather(argI(job, 0), argP(job, 1), argP(job, 2), argP(job, 3), argI(job, 4), argI(job, 5), argI(job, 6), s, e);
      return;
    case J_SCATTER_ADD:
      // one chunk only: rows may collide
      scatterAdd(
        argI(job, 0),
        argP(job, 1),
        argP(job, 2),
        argP(job, 3),
        argP(job, 4),
        argI(job, 5),
        argI(job, 6),
        argI(job, 7),
        argI(job, 8),
      );
      return;
    case J_ARG_REDUCE:
      argReduce(argI(job, 0) != 0, argI(job, 1), argP(job, 2), argP(job, 3), argI(job, 4), argI(job, 5), s, e);
      return;
    case J_CROSS_ENTROPY:
      crossEntropy(argI(job, 0), argP(job, 1), argP(job, 2), argP(job, 3), argI(job, 4), s, e);
      return;
    case J_CROSS_ENTROPY_BACKWARD:
      crossEntropyBackward(argI(job, 0), argP(job, 1), argP(job, 2), argP(job, 3), argP(job, 4), argI(job, 5), s, e);
      return;
    case J_FILL:
      fill(argI(job, 0), argP(job, 1), arg(job, 2), s, e);
      return;
    case J_RANGE:
      range(argI(job, 0), argP(job, 1), arg(job, 2), arg(job, 3), s, e);
      return;
    default:
      unreachable();
  }
}
