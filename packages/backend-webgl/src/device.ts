/**
 * Storage and kernel execution on one GL context: textures behind handles,
 * the compiled-kernel cache, and the lifecycle rules gpu.js leaves to us.
 *
 * Every tensor is a flat float texture of `size` texels (gpu.js `output:
 * [size]`, one value per texel, laid out 2-D by gpu.js); int32 and bool are
 * held as floats (exact to 2^24). Empty tensors have no texture.
 */
import type { DataHandle, DType, TypedArray } from '@polygrad/core';
import type { GLContext } from './gl/context.js';
import {
  createKernel,
  type GpuKernel,
  type GpuLike,
  type GpuTexture,
  type KernelInput,
} from './gl/gpu-types.js';

/** A tensor's storage: one texture, or none when the tensor is empty. */
export class GLHandle implements DataHandle {
  declare readonly __polygradHandle?: never;
  texture: GpuTexture | null;
  readonly size: number;
  readonly dtype: DType;
  /** Bytes of the GL texture (RGBA float32 texels, as gpu.js allocates them). */
  readonly bytes: number;
  freed = false;
  constructor(texture: GpuTexture | null, size: number, dtype: DType) {
    this.texture = texture;
    this.size = size;
    this.dtype = dtype;
    this.bytes = texture ? texture.size[0] * texture.size[1] * 16 : 0;
  }
}

/** gpu.js argument types this backend uses. */
export type ArgType = 'ArrayTexture(1)' | 'ArrayTexture(4)' | 'Float';

/**
 * Everything compiled into one shader. `key` must name all of it (shapes,
 * constants, flags): a kernel is compiled once per key and reused.
 */
export interface KernelSpec {
  readonly params: readonly { readonly name: string; readonly type: ArgType }[];
  /** gpu.js JavaScript-dialect statements; `this.thread.x` is the output texel. */
  readonly body: string;
  /** Output texels. */
  readonly texels: number;
  /**
   * Lay the output out as a [width, height] texture (`this.thread.x` is the
   * column, `this.thread.y` the row; width·height = texels) instead of the flat
   * layout. Only for textures read with pgTexel4 by the kernel that made them.
   */
  readonly output2d?: readonly [number, number];
  /** 'Array(4)' writes four values per texel (RGBA). */
  readonly returnType?: 'Number' | 'Array(4)';
  /** Upper bound of any loop whose bound is not a literal. */
  readonly loopMax?: number;
}

interface CacheEntry {
  readonly kernel: GpuKernel;
  /** Texel count of each texture argument (recorded on the first call), checked on every later call. */
  readonly inputTexels: number[];
  /** Values of the SPECIALS the body names, appended to every call. */
  readonly specials: readonly number[];
}

/** Number of freed textures between two `gl.finish()` calls (headless-gl reclaims deleted textures then). */
const FINISH_EVERY = 100;

/**
 * Uniforms a kernel body may name: `inf` and `nan`. They cannot be literals:
 * the shader compilers fold `x / 0.0` and `inf - inf` and `x * 0.0` at compile
 * time (to 1, 0, 0), so IEEE special values must arrive at run time.
 */
const SPECIALS: readonly (readonly [string, number])[] = [
  ['inf', Number.POSITIVE_INFINITY],
  ['nan', Number.NaN],
];

export class GLDevice {
  readonly ctx: GLContext;
  private readonly cache = new Map<string, CacheEntry>();
  private upload1: GpuKernel | null = null;
  /** Kernels compiled so far (cache misses), for tests and benchmarks. */
  compiles = 0;
  /** Milliseconds spent compiling (first calls of new kernels). */
  compileMs = 0;
  /** Kernel runs so far. */
  runs = 0;
  buffers = 0;
  bytes = 0;
  private freedSinceFinish = 0;
  readonly maxTexels: number;
  private readonly gpu: GpuLike;

  constructor(ctx: GLContext) {
    this.ctx = ctx;
    this.gpu = ctx.gpu as unknown as GpuLike;
    this.maxTexels = ctx.info.maxTextureSize * ctx.info.maxTextureSize;
  }

  private track(texture: GpuTexture | null, size: number, dtype: DType): GLHandle {
    const h = new GLHandle(texture, size, dtype);
    this.buffers++;
    this.bytes += h.bytes;
    return h;
  }

  /** The live handle behind `handle`; throws on a freed or foreign one (a freed texture is never read). */
  get(handle: DataHandle, op: string): GLHandle {
    if (!(handle instanceof GLHandle)) throw new Error(`webgl ${op}: handle was not created by this backend`);
    if (handle.freed) throw new Error(`webgl ${op}: handle used after free (its texture was deleted)`);
    return handle;
  }

  /** The texture of a live, non-empty handle. */
  texture(handle: DataHandle, op: string): GpuTexture {
    const h = this.get(handle, op);
    if (h.texture === null) throw new Error(`webgl ${op}: an empty tensor has no texture`);
    return h.texture;
  }

  /** A handle of `size` elements that owns `texture` (null for size 0). */
  wrap(texture: GpuTexture | null, size: number, dtype: DType): GLHandle {
    return this.track(texture, size, dtype);
  }

  upload(values: TypedArray, dtype: DType): GLHandle {
    const n = values.length;
    if (n === 0) return this.track(null, 0, dtype);
    if (n > this.maxTexels) {
      throw new Error(`webgl upload: ${n} elements exceed the largest texture (${this.maxTexels} texels)`);
    }
    const f = new Float32Array(n);
    if (dtype === 'bool') for (let i = 0; i < n; i++) f[i] = values[i] !== 0 ? 1 : 0;
    else f.set(values);
    if (!this.upload1) {
      // One kernel for every size: the data arrives as an argument texture, the output size is set per call.
      this.upload1 = createKernel(this.gpu, 'function(a) { return a[this.thread.x]; }', {
        output: [1],
        pipeline: true,
        immutable: true,
        precision: 'single',
        tactic: 'precision',
        dynamicOutput: true,
        dynamicArguments: true,
        argumentTypes: { a: 'Array' },
      });
    }
    this.upload1.setOutput([n]);
    this.runs++;
    return this.track(this.upload1(f), n, dtype);
  }

  /** The values of `handle` as float32 (what the texture holds). */
  readFloats(handle: DataHandle): Float32Array {
    const h = this.get(handle, 'read');
    if (h.texture === null) return new Float32Array(0);
    const raw = h.texture.toArray();
    if (!(raw instanceof Float32Array)) throw new Error('webgl read: expected a flat float texture');
    return raw.length === h.size ? raw.slice() : raw.slice(0, h.size);
  }

  read(handle: DataHandle): TypedArray {
    const h = this.get(handle, 'read');
    const f = this.readFloats(h);
    switch (h.dtype) {
      case 'int32':
        return Int32Array.from(f);
      case 'bool':
        return Uint8Array.from(f, (v) => (v !== 0 ? 1 : 0));
      default:
        return f;
    }
  }

  free(handle: DataHandle): void {
    if (!(handle instanceof GLHandle)) throw new Error('webgl free: handle was not created by this backend');
    if (handle.freed) throw new Error('webgl free: handle freed twice');
    handle.freed = true;
    this.buffers--;
    this.bytes -= handle.bytes;
    if (handle.texture) {
      handle.texture.delete();
      handle.texture = null;
      if (++this.freedSinceFinish >= FINISH_EVERY) this.finish();
    }
  }

  /** Wait for the GL queue; headless-gl reclaims deleted textures' memory only then. */
  finish(): void {
    this.freedSinceFinish = 0;
    this.ctx.gl.finish();
  }

  /**
   * Run the kernel named by `key` (building it with `build` the first time) on
   * texture handles and scalar uniforms; returns the output texture.
   */
  runTexture(
    key: string,
    build: () => KernelSpec,
    inputs: readonly (GLHandle | GpuTexture | number)[],
  ): GpuTexture {
    let entry = this.cache.get(key);
    const fresh = entry === undefined;
    if (entry === undefined) entry = this.compile(build());
    const args: KernelInput[] = [];
    let t = 0;
    for (const x of inputs) {
      if (typeof x === 'number') {
        args.push(x);
        continue;
      }
      const tex = x instanceof GLHandle ? this.texture(x, key) : x;
      const have = tex.size[0] * tex.size[1];
      if (fresh) entry.inputTexels.push(have);
      const want = entry.inputTexels[t++];
      if (want !== have) {
        throw new Error(
          `webgl kernel ${key}: input ${t} has ${have} texels, the kernel was compiled for ${want}`,
        );
      }
      args.push(tex);
    }
    for (const v of entry.specials) args.push(v);
    this.runs++;
    if (!fresh) return entry.kernel(...args);
    const t0 = performance.now();
    const out = entry.kernel(...args);
    this.compileMs += performance.now() - t0;
    this.cache.set(key, entry);
    return out;
  }

  /** As runTexture, wrapped in a new handle of `size` elements and `dtype`. */
  run(
    key: string,
    build: () => KernelSpec,
    inputs: readonly (GLHandle | number)[],
    size: number,
    dtype: DType,
  ): GLHandle {
    return this.track(this.runTexture(key, build, inputs), size, dtype);
  }

  private compile(spec: KernelSpec): CacheEntry {
    this.compiles++;
    const names = spec.params.map((p) => p.name);
    const argumentTypes: Record<string, string> = {};
    for (const p of spec.params) argumentTypes[p.name] = p.type;
    const specials: number[] = [];
    for (const [name, value] of SPECIALS) {
      if (!new RegExp(`\\b${name}\\b`).test(spec.body)) continue;
      names.push(name);
      argumentTypes[name] = 'Float';
      specials.push(value);
    }
    const source = `function(${names.join(', ')}) {\n${spec.body}\n}`;
    const kernel = createKernel(this.gpu, source, {
      output: spec.output2d ? [...spec.output2d] : [spec.texels],
      pipeline: true,
      immutable: true,
      precision: 'single',
      tactic: 'precision',
      argumentTypes,
      returnType: spec.returnType ?? 'Number',
      loopMaxIterations: Math.max(1000, spec.loopMax ?? 0),
    });
    return { kernel, inputTexels: [], specials };
  }
}
