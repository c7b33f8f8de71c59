import type { DType, TypedArray } from './dtype.js';

const EDGE = 3;
const MAX_FULL = 1000;

function fmtNumber(v: number, dtype: DType, decimals: number, sci: boolean): string {
  if (dtype === 'bool') return v ? 'True' : 'False';
  if (dtype === 'int32') return String(v);
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  if (sci) return v.toExponential(4).replace(/e([+-])(\d)$/, 'e$10$2');
  if (decimals === 0) return `${v.toFixed(0)}.`;
  return v.toFixed(decimals);
}

/** PyTorch-style printing: shared precision, right-aligned columns, summarised when large. */
export function formatTensor(
  values: TypedArray,
  shape: readonly number[],
  dtype: DType,
  grad: boolean,
): string {
  const n = values.length;
  const summarise = n > MAX_FULL;
  let decimals = 0;
  let sci = false;
  if (dtype === 'float32' || dtype === 'float64') {
    let maxAbs = 0;
    let minAbs = Number.POSITIVE_INFINITY;
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (!Number.isFinite(v)) continue;
      const a = Math.abs(v);
      if (a > maxAbs) maxAbs = a;
      if (a !== 0 && a < minAbs) minAbs = a;
      if (decimals === 0 && v !== Math.round(v)) decimals = 4;
    }
    sci =
      maxAbs >= 1e8 ||
      (decimals > 0 && minAbs < 1e-4) ||
      (maxAbs > 0 && maxAbs / minAbs > 1e6 && decimals > 0);
  }
  let width = 1;
  for (let i = 0; i < n; i++) width = Math.max(width, fmtNumber(values[i], dtype, decimals, sci).length);
  const strides: number[] = [];
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = acc;
    acc *= shape[i];
  }
  const render = (dim: number, offset: number, indent: number): string => {
    if (dim === shape.length) return fmtNumber(values[offset], dtype, decimals, sci).padStart(width);
    const len = shape[dim];
    const idx: (number | null)[] = [];
    if (summarise && len > 2 * EDGE) {
      for (let i = 0; i < EDGE; i++) idx.push(i);
      idx.push(null);
      for (let i = len - EDGE; i < len; i++) idx.push(i);
    } else for (let i = 0; i < len; i++) idx.push(i);
    const parts = idx.map((i) =>
      i === null ? '...' : render(dim + 1, offset + i * strides[dim], indent + 1),
    );
    if (dim === shape.length - 1) return `[${parts.join(', ')}]`;
    const sep = `,${'\n'.repeat(shape.length - dim - 1)}${' '.repeat(indent + 1)}`;
    return `[${parts.join(sep)}]`;
  };
  const body = render(0, 0, 7);
  const extras: string[] = [];
  if (dtype !== 'float32') extras.push(`dtype=${dtype}`);
  if (grad) extras.push('requiresGrad=true');
  if (n === 0) extras.push(`size=[${shape.join(', ')}]`);
  return `tensor(${body}${extras.length ? `, ${extras.join(', ')}` : ''})`;
}
