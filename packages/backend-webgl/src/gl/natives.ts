/**
 * GLSL helpers every kernel reads textures with. gpu.js's own `a[i]` read
 * computes texel coordinates with integer division and modulo, which software
 * GL (llvmpipe, SwiftShader) runs one lane at a time; these use float math
 * with an exact correction step, about 3x faster for read-bound kernels
 * (matmul). Textures are this backend's flat layout: element i is texel i,
 * row-major over the texture's width (gpu.js's layout for `output: [n]`).
 */

/** A float from a one-value-per-texel texture (the value is in R). */
const FETCH = (sample: string) => `float pgFetch(sampler2D tex, ivec2 texSize, ivec3 texDim, float i) {
  float w = float(texSize.x);
  float row = floor((i + 0.5) / w);
  float col = i - row * w;
  if (col < 0.0) { row -= 1.0; col += w; }
  if (col >= w) { row += 1.0; col -= w; }
  return ${sample}(tex, (vec2(col, row) + 0.5) / vec2(texSize)).r;
}`;

/** Four floats (RGBA) from a packed texture, one texel per index. */
const FETCH4 = (sample: string) => `vec4 pgFetch4(sampler2D tex, ivec2 texSize, ivec3 texDim, float i) {
  float w = float(texSize.x);
  float row = floor((i + 0.5) / w);
  float col = i - row * w;
  if (col < 0.0) { row -= 1.0; col += w; }
  if (col >= w) { row += 1.0; col -= w; }
  return ${sample}(tex, (vec2(col, row) + 0.5) / vec2(texSize));
}`;

/**
 * Four floats (RGBA) from texel (x, y) of a texture laid out 2-D by its producer
 * (`KernelSpec.output2d`): no flat-index division, for the matmul inner loop.
 */
const TEXEL4 = (glsl3: boolean) =>
  glsl3
    ? `vec4 pgTexel4(sampler2D tex, ivec2 texSize, ivec3 texDim, float x, float y) {
  return texelFetch(tex, ivec2(int(x), int(y)), 0);
}`
    : `vec4 pgTexel4(sampler2D tex, ivec2 texSize, ivec3 texDim, float x, float y) {
  return texture2D(tex, (vec2(x, y) + 0.5) / vec2(texSize));
}`;

interface NativeHost {
  addNativeFunction(name: string, source: string, settings: object): unknown;
}

/**
 * Register the helpers (before any kernel is created: gpu.js compiles them into
 * later kernels). WebGL2 shaders are GLSL ES 3.00, where texture2D is `texture`.
 */
export function addNatives(gpu: NativeHost, glsl3: boolean): void {
  const sample = glsl3 ? 'texture' : 'texture2D';
  gpu.addNativeFunction('pgFetch', FETCH(sample), {
    argumentTypes: { tex: 'ArrayTexture(1)', i: 'Number' },
    returnType: 'Number',
  });
  gpu.addNativeFunction('pgFetch4', FETCH4(sample), {
    argumentTypes: { tex: 'ArrayTexture(4)', i: 'Number' },
    returnType: 'Array(4)',
  });
  gpu.addNativeFunction('pgTexel4', TEXEL4(glsl3), {
    argumentTypes: { tex: 'ArrayTexture(4)', x: 'Number', y: 'Number' },
    returnType: 'Array(4)',
  });
}
