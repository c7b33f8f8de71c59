import type { DataHandle, DType } from '@polygrad/core';
import { sizeOf } from '@polygrad/core';
import { type StridedRead, stridedReads } from '../codegen.js';
import type { GLDevice, GLHandle, KernelSpec } from '../device.js';

/** One texture input of a map kernel, read with strides over the output shape. */
export interface MapInput {
  readonly handle: DataHandle;
  readonly read: StridedRead;
}

/** A scalar uniform passed at run time (not compiled in, so changing it never recompiles). */
export interface Uniform {
  readonly name: string;
  readonly value: number;
}

/**
 * One output element per texel: inputs `a0..` are read into `v0..` (strided,
 * broadcast or permuted), then `body` (statements ending in `return`) computes
 * the value. `op` must name everything `body` depends on besides the layout.
 */
export function mapKernel(
  dev: GLDevice,
  op: string,
  out: { readonly shape: readonly number[]; readonly dtype: DType },
  inputs: readonly MapInput[],
  body: string,
  uniforms: readonly Uniform[] = [],
): GLHandle {
  const n = sizeOf(out.shape);
  if (n === 0) return dev.wrap(null, 0, out.dtype);
  const handles = inputs.map((x) => dev.get(x.handle, op));
  const plan = stridedReads(
    out.shape,
    inputs.map((x) => x.read),
  );
  const key = `map:${op}|${n}|${plan.layout}|${handles.map((h) => h.size).join(',')}|${uniforms.map((u) => u.name).join(',')}`;
  const build = (): KernelSpec => ({
    params: [
      ...inputs.map((_, j) => ({ name: `a${j}`, type: 'ArrayTexture(1)' as const })),
      ...uniforms.map((u) => ({ name: u.name, type: 'Float' as const })),
    ],
    body: `const t = this.thread.x;\n${plan.code}\n${body}`,
    texels: n,
  });
  return dev.run(key, build, [...handles, ...uniforms.map((u) => u.value)], n, out.dtype);
}
