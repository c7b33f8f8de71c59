/**
 * safetensors against bytes built by hand from the format's specification
 * (an independent writer: DataView + JSON, no shared code), a round trip of a
 * Sequential with PyTorch's key names, and malformed files that must load nothing.
 */
import '@polygrad/backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ArgumentError,
  DTypeError,
  loadSafetensors,
  memory,
  nn,
  saveSafetensors,
  setBackend,
  tensor,
} from '../../src/index.js';

beforeAll(async () => {
  await setBackend('cpu');
});

interface Spec {
  dtype: string;
  shape: number[];
  bytes: number[];
}

/** A safetensors file from the spec: u64 LE header length, JSON header, raw data, in the order given. */
function build(
  entries: Record<string, Spec>,
  opts: { metadata?: Record<string, string>; pad?: number } = {},
): Uint8Array {
  const header: Record<string, unknown> = {};
  if (opts.metadata) header.__metadata__ = opts.metadata;
  let offset = 0;
  const data: number[] = [];
  for (const [name, e] of Object.entries(entries)) {
    header[name] = { dtype: e.dtype, shape: e.shape, data_offsets: [offset, offset + e.bytes.length] };
    offset += e.bytes.length;
    data.push(...e.bytes);
  }
  const json = JSON.stringify(header) + ' '.repeat(opts.pad ?? 0);
  const h = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + h.length + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, h.length, true);
  view.setUint32(4, 0, true);
  out.set(h, 8);
  out.set(data, 8 + h.length);
  return out;
}

function f32le(...xs: number[]): number[] {
  const b = new Uint8Array(xs.length * 4);
  const v = new DataView(b.buffer);
  for (const [i, x] of xs.entries()) v.setFloat32(i * 4, x, true);
  return [...b];
}
function f64le(...xs: number[]): number[] {
  const b = new Uint8Array(xs.length * 8);
  const v = new DataView(b.buffer);
  for (const [i, x] of xs.entries()) v.setFloat64(i * 8, x, true);
  return [...b];
}
function i32le(...xs: number[]): number[] {
  const b = new Uint8Array(xs.length * 4);
  const v = new DataView(b.buffer);
  for (const [i, x] of xs.entries()) v.setInt32(i * 4, x, true);
  return [...b];
}

describe('loadSafetensors', () => {
  it('reads F32, F64, I32 and BOOL tensors from hand-built bytes (header padding, metadata, odd offsets)', () => {
    const file = build(
      {
        '0.weight': { dtype: 'F32', shape: [2, 2], bytes: f32le(1.5, -2, 0.25, 3e38) },
        mask: { dtype: 'BOOL', shape: [3], bytes: [1, 0, 1] },
        '0.bias': { dtype: 'F64', shape: [2], bytes: f64le(Math.PI, -0) },
        steps: { dtype: 'I32', shape: [], bytes: i32le(-2147483648) },
      },
      { metadata: { format: 'pt' }, pad: 5 },
    );
    const d = loadSafetensors(file);
    expect(Object.keys(d).sort()).toEqual(['0.bias', '0.weight', 'mask', 'steps']);
    expect(d['0.weight'].dtype).toBe('float32');
    expect(d['0.weight'].shape).toEqual([2, 2]);
    expect(Array.from(d['0.weight'].dataSync())).toEqual([1.5, -2, 0.25, Math.fround(3e38)]);
    expect(Array.from(d['0.bias'].dataSync())).toEqual([Math.PI, -0]);
    expect(Object.is(d['0.bias'].dataSync()[1], -0)).toBe(true);
    expect(d.mask.dtype).toBe('bool');
    expect(d.mask.arraySync()).toEqual([true, false, true]);
    expect(d.steps.shape).toEqual([]);
    expect(d.steps.dataSync()[0]).toBe(-2147483648);
    for (const t of Object.values(d)) t.dispose();
  });

  it('takes an ArrayBuffer or a Uint8Array view at an offset', () => {
    const file = build({ x: { dtype: 'F32', shape: [1], bytes: f32le(7) } });
    const bigger = new Uint8Array(file.length + 3);
    bigger.set(file, 3);
    const d1 = loadSafetensors(bigger.subarray(3));
    const d2 = loadSafetensors(file.slice().buffer);
    expect(d1.x.dataSync()[0]).toBe(7);
    expect(d2.x.dataSync()[0]).toBe(7);
    d1.x.dispose();
    d2.x.dispose();
  });

  it("takes a Node Buffer, as readFileSync returns it, also one inside Node's shared pool", () => {
    // Buffer#slice is a view, not a copy: each tensor must still get only its own bytes.
    const file = build({
      a: { dtype: 'F32', shape: [2], bytes: f32le(1.5, -2) },
      b: { dtype: 'F64', shape: [1], bytes: f64le(3.25) },
      c: { dtype: 'I32', shape: [3], bytes: i32le(4, -5, 6) },
    });
    const pooled = Buffer.from(file); // small: allocated from the pool, at a byteOffset into a larger buffer
    const own = Buffer.alloc(file.length);
    own.set(file);
    for (const buf of [pooled, own]) {
      const d = loadSafetensors(buf);
      expect(Array.from(d.a.dataSync())).toEqual([1.5, -2]);
      expect(Array.from(d.b.dataSync())).toEqual([3.25]);
      expect(Array.from(d.c.dataSync())).toEqual([4, -5, 6]);
      for (const t of Object.values(d)) t.dispose();
    }
  });

  const good = () =>
    build({
      a: { dtype: 'F32', shape: [2], bytes: f32le(1, 2) },
      b: { dtype: 'I32', shape: [1], bytes: i32le(3) },
    });
  const malformed: [string, () => Uint8Array, RegExp, typeof ArgumentError | typeof DTypeError][] = [
    ['fewer than 8 bytes', () => new Uint8Array(5), /at least 8/, ArgumentError],
    [
      'truncated data',
      () => good().subarray(0, good().length - 2),
      /indexes 12 data bytes but the file has 10|ends at byte/,
      ArgumentError,
    ],
    ['truncated header', () => good().subarray(0, 20), /only 12 follow/, ArgumentError],
    [
      'header length beyond 100 MB',
      () => {
        const b = new Uint8Array(16);
        new DataView(b.buffer).setUint32(0, 200_000_000, true);
        return b;
      },
      /at most 100000000/,
      ArgumentError,
    ],
    [
      'header length of 2^40',
      () => {
        const b = new Uint8Array(16);
        new DataView(b.buffer).setUint32(4, 256, true);
        return b;
      },
      /at most/,
      ArgumentError,
    ],
    ['invalid JSON', () => rawHeader('{"a": '), /not valid UTF-8 JSON/, ArgumentError],
    ['a JSON array', () => rawHeader('[1,2]'), /an array; expected a JSON object/, ArgumentError],
    [
      'size that disagrees with the shape',
      () => build({ a: { dtype: 'F32', shape: [3], bytes: f32le(1, 2) } }),
      /spans 8 bytes; expected 12/,
      ArgumentError,
    ],
    [
      'overlapping ranges',
      () =>
        rawHeader(
          '{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}',
          8,
        ),
      /overlap/,
      ArgumentError,
    ],
    [
      'a hole in the data',
      () => rawHeader('{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}', 8),
      /belong to no tensor/,
      ArgumentError,
    ],
    [
      'offsets past the end',
      () => rawHeader('{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}', 4),
      /ends at byte 8 of the data, which has 4/,
      ArgumentError,
    ],
    [
      'negative or reversed offsets',
      () => rawHeader('{"a":{"dtype":"F32","shape":[1],"data_offsets":[8,4]}}', 8),
      /data_offsets \[8,4\]/,
      ArgumentError,
    ],
    [
      'an unsupported dtype',
      () => build({ h: { dtype: 'F16', shape: [2], bytes: [0, 60, 0, 60] } }),
      /dtype F16; expected one of F32, F64, I32, BOOL/,
      DTypeError,
    ],
    [
      'a non-integer shape',
      () => rawHeader('{"a":{"dtype":"F32","shape":[1.5],"data_offsets":[0,4]}}', 4),
      /shape \[1.5\]/,
      ArgumentError,
    ],
    [
      'a BOOL byte of 2',
      () => build({ m: { dtype: 'BOOL', shape: [2], bytes: [1, 2] } }),
      /BOOL byte is 2/,
      ArgumentError,
    ],
    [
      'non-string metadata',
      () => rawHeader('{"__metadata__":{"n":1}}', 0),
      /__metadata__ must map strings to strings/,
      ArgumentError,
    ],
  ];

  for (const [what, make, message, type] of malformed) {
    it(`rejects ${what} and loads nothing`, () => {
      const before = memory().tensors;
      let err: unknown;
      try {
        loadSafetensors(make());
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(type);
      expect((err as Error).message).toMatch(/^loadSafetensors: /);
      expect((err as Error).message).toMatch(message);
      expect(memory().tensors).toBe(before);
    });
  }

  it('rejects unknown options and non-bytes', () => {
    expect(() => loadSafetensors(good(), { backnd: 'cpu' } as never)).toThrow(
      /unknown option 'backnd'; expected only 'backend'/,
    );
    expect(() => loadSafetensors('abc' as never)).toThrow(ArgumentError);
  });
});

/** A file with the given header text (no validation of it) followed by `dataBytes` zero bytes. */
function rawHeader(json: string, dataBytes = 0): Uint8Array {
  const h = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + h.length + dataBytes);
  new DataView(out.buffer).setUint32(0, h.length, true);
  out.set(h, 8);
  return out;
}

describe('saveSafetensors', () => {
  it('writes what the spec describes: aligned, sorted by alignment then name, parseable by hand', async () => {
    const dict = {
      z: tensor([1, 2, 3], { dtype: 'float32' }),
      a: tensor([true, false], { dtype: 'bool' }),
      m: tensor([[0.5], [-0.25]], { dtype: 'float64' }),
      k: tensor([7, -8], { dtype: 'int32' }),
    };
    const bytes = await saveSafetensors(dict, { metadata: { format: 'pt' } });
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    const n = Number(view.getBigUint64(0, true));
    expect(n % 8).toBe(0);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n)));
    expect(header.__metadata__).toEqual({ format: 'pt' });
    expect(header.m).toEqual({ dtype: 'F64', shape: [2, 1], data_offsets: [0, 16] });
    expect(header.k).toEqual({ dtype: 'I32', shape: [2], data_offsets: [16, 24] });
    expect(header.z).toEqual({ dtype: 'F32', shape: [3], data_offsets: [24, 36] });
    expect(header.a).toEqual({ dtype: 'BOOL', shape: [2], data_offsets: [36, 38] });
    const data = 8 + n;
    expect(view.getFloat64(data, true)).toBe(0.5);
    expect(view.getFloat64(data + 8, true)).toBe(-0.25);
    expect(view.getInt32(data + 20, true)).toBe(-8);
    expect(view.getFloat32(data + 32, true)).toBe(3);
    expect([...bytes.subarray(data + 36)]).toEqual([1, 0]);
    for (const t of Object.values(dict)) t.dispose();
  });

  it('round-trips a Sequential under PyTorch key names (0.weight, 0.bias, 2.weight, 2.bias)', async () => {
    const model = new nn.Sequential(new nn.Linear(4, 3), new nn.ReLU(), new nn.Linear(3, 2));
    const state = model.stateDict();
    expect(Object.keys(state).sort()).toEqual(['0.bias', '0.weight', '2.bias', '2.weight']);
    expect(state['0.weight'].shape).toEqual([3, 4]); // PyTorch's [out_features, in_features]
    const bytes = await saveSafetensors(state);
    const other = new nn.Sequential(new nn.Linear(4, 3), new nn.ReLU(), new nn.Linear(3, 2));
    const loaded = loadSafetensors(bytes);
    other.loadStateDict(loaded);
    const x = tensor([[1, -2, 3, 0.5]]);
    expect(Array.from(other.forward(x).dataSync())).toEqual(Array.from(model.forward(x).dataSync()));
    for (const t of [...Object.values(state), ...Object.values(loaded), x]) t.dispose();
  });

  it('refuses non-tensors, disposed tensors, the reserved name and non-string metadata', async () => {
    const t = tensor([1]);
    await expect(saveSafetensors({ w: 3 } as never)).rejects.toThrow(
      /entry 'w' is number; expected a Tensor/,
    );
    await expect(saveSafetensors({ __metadata__: t })).rejects.toThrow(/reserved/);
    await expect(saveSafetensors({ w: t }, { metadata: { n: 1 } as never })).rejects.toThrow(/metadata 'n'/);
    t.dispose();
    await expect(saveSafetensors({ w: t })).rejects.toThrow(/disposed/);
  });
});
