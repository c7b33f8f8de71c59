import type { DataHandle, KernelArgs, ReduceOp, TypedArray } from '@polygrad/core';
import { allocArray, collapse, planReduce, reductionIdentity, sizeOf, stridesOf } from '@polygrad/core';
import type { CpuStorage } from '../storage.js';

/**
 * Reductions over `axes`. The input is collapsed to alternating kept/reduced
 * groups; the common layouts [K1, R, K2] (rows, columns, middle axis) run
 * contiguous loops, anything else uses a precomputed list of reduced offsets.
 * Float sums accumulate in float64, in blocks of SUM_BLOCK terms whose sums are then added:
 * one accumulator over a long run of equal terms errs by ~k·ε (the roundings do not cancel),
 * in blocks by ~(SUM_BLOCK + k/SUM_BLOCK)·ε. int32 sums/products wrap.
 */
const SUM_BLOCK = 1024;

export function reduce(s: CpuStorage, { op, x, axes, out }: KernelArgs['reduce']): DataHandle {
  const X = s.get(x.handle);
  const outSize = sizeOf(out.shape);
  const O = allocArray(out.dtype, outSize);
  if (outSize === 0) return s.wrap(O, out.dtype);
  const int = x.dtype === 'int32' || x.dtype === 'bool';
  const shape = x.shape;
  const rank = shape.length;
  if (X.length === 0) {
    // reduction over an empty axis: the identity
    O.fill(reductionIdentity(op, out.dtype));
    return s.wrap(O, out.dtype);
  }
  const plan = planReduce(shape, axes);
  if (plan) {
    const { k1, r, k2 } = plan;
    if (k2 === 1) {
      for (let i = 0; i < k1; i++) O[i] = reduceRow(op, X, i * r, r, int);
    } else {
      const acc = new Float64Array(k2);
      for (let i = 0; i < k1; i++) {
        reduceColumns(op, X, i * r * k2, r, k2, acc, int);
        O.set(acc, i * k2);
      }
    }
    return s.wrap(O, out.dtype);
  }

  // General layout: offsets of every reduced position, then one row reduction per output.
  const reduced = new Array<boolean>(rank).fill(false);
  for (const ax of axes) reduced[ax] = true;
  const strides = stridesOf(shape);
  const keptShape: number[] = [];
  const keptStrides: number[] = [];
  const redShape: number[] = [];
  const redStrides: number[] = [];
  for (let d = 0; d < rank; d++) {
    if (reduced[d]) {
      redShape.push(shape[d]);
      redStrides.push(strides[d]);
    } else {
      keptShape.push(shape[d]);
      keptStrides.push(strides[d]);
    }
  }
  const redOff = offsetList(redShape, redStrides);
  const keptOff = offsetList(keptShape, keptStrides);
  for (let i = 0; i < outSize; i++) O[i] = reduceGather(op, X, keptOff[i], redOff, int);
  return s.wrap(O, out.dtype);
}

/** All offsets `Σ i_d * strides_d` over `shape`, in row-major order. */
export function offsetList(shape: readonly number[], strides: readonly number[]): Float64Array {
  const c = collapse(shape, [strides]);
  const cs = c.shape;
  const st = c.strides[0];
  const n = sizeOf(cs);
  const res = new Float64Array(n);
  if (cs.length === 0) return res;
  const r = cs.length;
  const inner = cs[r - 1];
  const si = st[r - 1];
  const idx = new Array<number>(r).fill(0);
  let base = 0;
  let p = 0;
  while (p < n) {
    for (let i = 0; i < inner; i++) res[p++] = base + i * si;
    let d = r - 2;
    for (; d >= 0; d--) {
      idx[d]++;
      base += st[d];
      if (idx[d] < cs[d]) break;
      base -= st[d] * cs[d];
      idx[d] = 0;
    }
    if (d < 0) break;
  }
  return res;
}

function reduceRow(op: ReduceOp, X: TypedArray, start: number, n: number, int: boolean): number {
  const end = start + n;
  switch (op) {
    case 'sum': {
      let acc = 0;
      if (int) {
        for (let i = start; i < end; i++) acc = (acc + X[i]) | 0;
        return acc;
      }
      for (let b = start; b < end; b += SUM_BLOCK) {
        const blockEnd = Math.min(end, b + SUM_BLOCK);
        let block = 0;
        for (let i = b; i < blockEnd; i++) block += X[i];
        acc += block;
      }
      return acc;
    }
    case 'prod': {
      let acc = 1;
      if (int) for (let i = start; i < end; i++) acc = Math.imul(acc, X[i]);
      else for (let i = start; i < end; i++) acc *= X[i];
      return acc;
    }
    case 'max': {
      let acc = -Infinity;
      for (let i = start; i < end; i++) {
        const v = X[i];
        if (v > acc || Number.isNaN(v)) {
          acc = v;
          if (Number.isNaN(v)) break;
        }
      }
      return acc;
    }
    case 'min': {
      let acc = Infinity;
      for (let i = start; i < end; i++) {
        const v = X[i];
        if (v < acc || Number.isNaN(v)) {
          acc = v;
          if (Number.isNaN(v)) break;
        }
      }
      return acc;
    }
  }
}

/** acc[j] = reduce over r of X[start + r*k2 + j] (column reduction, cache-friendly). */
function reduceColumns(
  op: ReduceOp,
  X: TypedArray,
  start: number,
  r: number,
  k2: number,
  acc: Float64Array,
  int: boolean,
): void {
  if (op === 'sum' && !int && r > SUM_BLOCK) {
    // Float sums in blocks of rows (see SUM_BLOCK).
    acc.fill(0);
    const block = new Float64Array(k2);
    for (let q0 = 0; q0 < r; q0 += SUM_BLOCK) {
      const blockEnd = Math.min(r, q0 + SUM_BLOCK);
      block.fill(0);
      for (let q = q0; q < blockEnd; q++) {
        const b = start + q * k2;
        for (let j = 0; j < k2; j++) block[j] += X[b + j];
      }
      for (let j = 0; j < k2; j++) acc[j] += block[j];
    }
    return;
  }
  for (let j = 0; j < k2; j++) acc[j] = X[start + j];
  for (let q = 1; q < r; q++) {
    const b = start + q * k2;
    switch (op) {
      case 'sum':
        if (int) for (let j = 0; j < k2; j++) acc[j] = (acc[j] + X[b + j]) | 0;
        else for (let j = 0; j < k2; j++) acc[j] += X[b + j];
        break;
      case 'prod':
        if (int) for (let j = 0; j < k2; j++) acc[j] = Math.imul(acc[j], X[b + j]);
        else for (let j = 0; j < k2; j++) acc[j] *= X[b + j];
        break;
      case 'max':
        for (let j = 0; j < k2; j++) {
          const v = X[b + j];
          if (v > acc[j] || Number.isNaN(v)) acc[j] = v;
        }
        break;
      case 'min':
        for (let j = 0; j < k2; j++) {
          const v = X[b + j];
          if (v < acc[j] || Number.isNaN(v)) acc[j] = v;
        }
        break;
    }
  }
}

function reduceGather(op: ReduceOp, X: TypedArray, base: number, offs: Float64Array, int: boolean): number {
  const n = offs.length;
  switch (op) {
    case 'sum': {
      let acc = 0;
      if (int) {
        for (let i = 0; i < n; i++) acc = (acc + X[base + offs[i]]) | 0;
        return acc;
      }
      for (let b = 0; b < n; b += SUM_BLOCK) {
        const blockEnd = Math.min(n, b + SUM_BLOCK);
        let block = 0;
        for (let i = b; i < blockEnd; i++) block += X[base + offs[i]];
        acc += block;
      }
      return acc;
    }
    case 'prod': {
      let acc = 1;
      if (int) for (let i = 0; i < n; i++) acc = Math.imul(acc, X[base + offs[i]]);
      else for (let i = 0; i < n; i++) acc *= X[base + offs[i]];
      return acc;
    }
    case 'max': {
      let acc = -Infinity;
      for (let i = 0; i < n; i++) {
        const v = X[base + offs[i]];
        if (v > acc || Number.isNaN(v)) acc = v;
      }
      return acc;
    }
    case 'min': {
      let acc = Infinity;
      for (let i = 0; i < n; i++) {
        const v = X[base + offs[i]];
        if (v < acc || Number.isNaN(v)) acc = v;
      }
      return acc;
    }
  }
}
