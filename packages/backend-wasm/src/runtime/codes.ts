/**
 * Numeric codes shared with the AssemblyScript module (assembly/common.ts,
 * elementwise.ts, reduce.ts, fused.ts, random.ts, jobs.ts). Typed as
 * exhaustive records so a new op in core's kernel table fails to compile here.
 */
import type { BinaryOp, CompareOp, DType, RandomDistribution, ReduceOp, UnaryOp } from '@polygrad/core';

export const DTYPE_CODE: Readonly<Record<DType, number>> = { float32: 0, float64: 1, int32: 2, bool: 3 };
export const DTYPE_BYTES: Readonly<Record<DType, number>> = { float32: 4, float64: 8, int32: 4, bool: 1 };

export const UNARY_CODE: Readonly<Record<UnaryOp, number>> = {
  neg: 0,
  abs: 1,
  sign: 2,
  exp: 3,
  log: 4,
  sqrt: 5,
  rsqrt: 6,
  square: 7,
  reciprocal: 8,
  relu: 9,
  sigmoid: 10,
  tanh: 11,
  softplus: 12,
  floor: 13,
  ceil: 14,
  round: 15,
  sin: 16,
  cos: 17,
  log1p: 18,
  expm1: 19,
  logicalNot: 20,
  isNaN: 21,
  isFinite: 22,
};

export const BINARY_CODE: Readonly<Record<BinaryOp, number>> = {
  add: 0,
  sub: 1,
  mul: 2,
  div: 3,
  pow: 4,
  maximum: 5,
  minimum: 6,
  logicalAnd: 7,
  logicalOr: 8,
};

export const COMPARE_CODE: Readonly<Record<CompareOp, number>> = {
  equal: 0,
  notEqual: 1,
  less: 2,
  lessEqual: 3,
  greater: 4,
  greaterEqual: 5,
};

export const REDUCE_CODE: Readonly<Record<ReduceOp, number>> = { sum: 0, prod: 1, max: 2, min: 3 };

export const ACTIVATION_CODE: Readonly<Record<'relu' | 'sigmoid' | 'tanh' | 'softplus', number>> = {
  relu: 0,
  sigmoid: 1,
  tanh: 2,
  softplus: 3,
};

export const DISTRIBUTION_CODE: Readonly<Record<RandomDistribution, number>> = {
  uniform: 0,
  normal: 1,
  bernoulli: 2,
};

/** Job ids of assembly/jobs.ts. */
export const Job = {
  matmul: 1,
  unary: 2,
  binary: 3,
  compare: 4,
  select: 5,
  cast: 6,
  reduceRows: 7,
  reduceColumns: 8,
  copy: 9,
  transpose2d: 10,
  softmax: 11,
  softmaxBackward: 12,
  activationBackward: 13,
  dropout: 14,
  sgd: 15,
  adam: 16,
  random: 17,
  gather: 18,
  scatterAdd: 19,
  argReduce: 20,
  crossEntropy: 21,
  crossEntropyBackward: 22,
  fill: 23,
  range: 24,
} as const;
export type JobId = (typeof Job)[keyof typeof Job];
