/**
 * The safetensors format (Hugging Face; what PyTorch users save weights in):
 * an 8-byte little-endian header length N, N bytes of JSON header
 * `{ name: { dtype, shape, data_offsets: [begin, end] }, __metadata__?: {…} }`,
 * then the raw little-endian data; offsets are relative to the end of the
 * header, and the tensors tile the data exactly (no holes, no overlaps).
 * Keys are PyTorch's dotted names (`0.weight`), so a Sequential round-trips
 * to a PyTorch `nn.Sequential` with `safetensors.torch.save_file/load_file`.
 */
import type { DType, TypedArray } from '../dtype.js';
import { ArgumentError, DTypeError } from '../errors.js';
import type { StateDict } from '../nn/state-dict.js';
import { tensor } from '../ops/creation.js';
import { Tensor } from '../tensor.js';

const CODE_OF: Record<DType, string> = { float32: 'F32', float64: 'F64', int32: 'I32', bool: 'BOOL' };
const DTYPE_OF: Record<string, DType> = { F32: 'float32', F64: 'float64', I32: 'int32', BOOL: 'bool' };
const BYTES: Record<DType, number> = { float32: 4, float64: 8, int32: 4, bool: 1 };
/** The reference implementation refuses headers above 100 MB; so do we (before allocating anything). */
export const MAX_SAFETENSORS_HEADER_BYTES = 100_000_000;

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Options of `saveSafetensors`. */
export interface SaveSafetensorsOptions {
  /** String-to-string metadata stored under `__metadata__`. */
  readonly metadata?: Readonly<Record<string, string>>;
}

/** Options of `loadSafetensors`. */
export interface LoadSafetensorsOptions {
  /** Backend for the new tensors (default: the active backend). */
  readonly backend?: string;
}

/**
 * Serialise a state dict (e.g. `model.stateDict()`) to safetensors bytes.
 * Reads every tensor (asynchronously, so it works on every backend).
 */
export async function saveSafetensors(
  dict: StateDict,
  options: SaveSafetensorsOptions = {},
): Promise<Uint8Array> {
  const op = 'saveSafetensors';
  checkKeys(op, options as Record<string, unknown>, ['metadata']);
  if (dict === null || typeof dict !== 'object') {
    throw new ArgumentError(
      op,
      `got ${dict === null ? 'null' : typeof dict}; expected a state dict (tensors by name)`,
    );
  }
  const entries = Object.entries(dict);
  for (const [name, t] of entries) {
    if (!(t instanceof Tensor))
      throw new ArgumentError(op, `entry '${name}' is ${typeof t}; expected a Tensor`);
    t._assertAlive(op);
    if (name === '__metadata__')
      throw new ArgumentError(op, `'__metadata__' is reserved; expected another tensor name`);
  }
  const metadata = options.metadata;
  if (metadata !== undefined) {
    for (const [k, v] of Object.entries(metadata)) {
      if (typeof v !== 'string')
        throw new ArgumentError(op, `metadata '${k}' is ${typeof v}; expected a string`);
    }
  }
  // Largest alignment first, then by name (as the reference writer does), so data stays aligned.
  entries.sort(([na, a], [nb, b]) => BYTES[b.dtype] - BYTES[a.dtype] || (na < nb ? -1 : na > nb ? 1 : 0));
  const header: Record<string, unknown> = {};
  if (metadata !== undefined) header.__metadata__ = { ...metadata };
  let offset = 0;
  for (const [name, t] of entries) {
    const bytes = t.size * BYTES[t.dtype];
    header[name] = { dtype: CODE_OF[t.dtype], shape: [...t.shape], data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  let json = new TextEncoder().encode(JSON.stringify(header));
  // Pad the header with spaces to a multiple of 8 so the data that follows is 8-byte aligned.
  const padded = Math.ceil(json.length / 8) * 8;
  if (padded !== json.length) {
    const p = new Uint8Array(padded).fill(0x20);
    p.set(json);
    json = p;
  }
  const out = new Uint8Array(8 + json.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  let at = 8 + json.length;
  for (const [, t] of entries) {
    const values = await t.data();
    out.set(toLittleEndianBytes(values, t.dtype), at);
    at += t.size * BYTES[t.dtype];
  }
  return out;
}

interface HeaderEntry {
  readonly name: string;
  readonly dtype: DType;
  readonly shape: number[];
  readonly begin: number;
  readonly end: number;
}

/**
 * Parse safetensors bytes into new tensors by name. The whole file is
 * validated before any tensor is created: a malformed file (truncated, header
 * lying about sizes or offsets, overlapping or missing ranges, unsupported
 * dtype, oversized header) throws an ArgumentError/DTypeError and loads nothing.
 * Supported dtypes: F32, F64, I32, BOOL.
 */
export function loadSafetensors(
  bytes: Uint8Array | ArrayBuffer,
  options: LoadSafetensorsOptions = {},
): StateDict {
  const op = 'loadSafetensors';
  checkKeys(op, options as Record<string, unknown>, ['backend']);
  const buf = bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : bytes;
  if (!(buf instanceof Uint8Array)) {
    throw new ArgumentError(
      op,
      `got ${typeof bytes}; expected the file's bytes as a Uint8Array or ArrayBuffer`,
    );
  }
  const entries = parseHeader(op, buf);
  const dataStart = 8 + headerLength(op, buf);
  const out: Record<string, Tensor> = {};
  try {
    for (const e of entries) {
      const values = fromLittleEndianBytes(buf.subarray(dataStart + e.begin, dataStart + e.end), e.dtype);
      out[e.name] = tensor(values, { dtype: e.dtype, shape: e.shape, backend: options.backend });
    }
  } catch (err) {
    for (const t of Object.values(out)) t.dispose();
    throw err;
  }
  return out;
}

function headerLength(op: string, buf: Uint8Array): number {
  if (buf.length < 8) {
    throw new ArgumentError(op, `file is ${buf.length} bytes; expected at least 8 (the header length)`);
  }
  const n = new DataView(buf.buffer, buf.byteOffset, 8).getBigUint64(0, true);
  if (n > BigInt(MAX_SAFETENSORS_HEADER_BYTES)) {
    throw new ArgumentError(op, `header length ${n} bytes; expected at most ${MAX_SAFETENSORS_HEADER_BYTES}`);
  }
  if (n > BigInt(buf.length - 8)) {
    throw new ArgumentError(
      op,
      `header length ${n} bytes but only ${buf.length - 8} follow; expected a complete file (truncated?)`,
    );
  }
  return Number(n);
}

function parseHeader(op: string, buf: Uint8Array): HeaderEntry[] {
  const n = headerLength(op, buf);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(buf.subarray(8, 8 + n)));
  } catch (e) {
    throw new ArgumentError(
      op,
      `header is not valid UTF-8 JSON (${(e as Error).message}); expected a JSON object`,
    );
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header)) {
    throw new ArgumentError(
      op,
      `header is ${Array.isArray(header) ? 'an array' : typeof header}; expected a JSON object`,
    );
  }
  const dataLength = buf.length - 8 - n;
  const entries: HeaderEntry[] = [];
  for (const [name, raw] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (raw === null || typeof raw !== 'object' || Object.values(raw).some((v) => typeof v !== 'string')) {
        throw new ArgumentError(op, `__metadata__ must map strings to strings`);
      }
      continue;
    }
    entries.push(parseEntry(op, name, raw, dataLength));
  }
  // The ranges must tile [0, dataLength) exactly: sorted, each starting where the last ended.
  const sorted = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let at = 0;
  for (const e of sorted) {
    if (e.begin < at) {
      throw new ArgumentError(
        op,
        `tensor '${e.name}' bytes [${e.begin}, ${e.end}) overlap another tensor's; expected disjoint ranges`,
      );
    }
    if (e.begin > at) {
      throw new ArgumentError(
        op,
        `bytes [${at}, ${e.begin}) belong to no tensor (before '${e.name}'); expected the data to be fully indexed`,
      );
    }
    at = e.end;
  }
  if (at !== dataLength) {
    throw new ArgumentError(
      op,
      `the header indexes ${at} data bytes but the file has ${dataLength}; expected them to match (truncated or trailing bytes?)`,
    );
  }
  return entries;
}

function parseEntry(op: string, name: string, raw: unknown, dataLength: number): HeaderEntry {
  if (raw === null || typeof raw !== 'object') {
    throw new ArgumentError(
      op,
      `entry '${name}' is ${raw === null ? 'null' : typeof raw}; expected { dtype, shape, data_offsets }`,
    );
  }
  const { dtype: code, shape, data_offsets: offsets } = raw as Record<string, unknown>;
  if (typeof code !== 'string') throw new ArgumentError(op, `entry '${name}' has no dtype string`);
  const dtype = DTYPE_OF[code];
  if (dtype === undefined) {
    throw new DTypeError(
      op,
      `tensor '${name}' has dtype ${code}; expected one of ${Object.keys(DTYPE_OF).join(', ')}`,
    );
  }
  if (!Array.isArray(shape) || shape.some((d) => !Number.isSafeInteger(d) || d < 0)) {
    throw new ArgumentError(
      op,
      `tensor '${name}' has shape ${JSON.stringify(shape)}; expected an array of non-negative integers`,
    );
  }
  if (
    !Array.isArray(offsets) ||
    offsets.length !== 2 ||
    offsets.some((o) => !Number.isSafeInteger(o) || o < 0) ||
    offsets[1] < offsets[0]
  ) {
    throw new ArgumentError(
      op,
      `tensor '${name}' has data_offsets ${JSON.stringify(offsets)}; expected [begin, end] with 0 <= begin <= end`,
    );
  }
  const [begin, end] = offsets as [number, number];
  let numel = 1;
  for (const d of shape as number[]) numel *= d;
  const expected = numel * BYTES[dtype];
  if (end - begin !== expected) {
    throw new ArgumentError(
      op,
      `tensor '${name}' (${code} ${JSON.stringify(shape)}) spans ${end - begin} bytes; expected ${expected}`,
    );
  }
  if (end > dataLength) {
    throw new ArgumentError(
      op,
      `tensor '${name}' ends at byte ${end} of the data, which has ${dataLength}; expected it inside the file (truncated?)`,
    );
  }
  return { name, dtype, shape: shape as number[], begin, end };
}

function toLittleEndianBytes(values: TypedArray, dtype: DType): Uint8Array {
  if (dtype === 'bool') {
    const out = new Uint8Array(values.length);
    for (let i = 0; i < values.length; i++) out[i] = values[i] ? 1 : 0;
    return out;
  }
  const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  return littleEndian ? bytes : swapBytes(bytes, BYTES[dtype]);
}

function fromLittleEndianBytes(src: Uint8Array, dtype: DType): TypedArray {
  // Copy into a fresh, aligned buffer (the file's offsets need not be aligned). Not src.slice(): on a
  // Node Buffer (readFileSync) slice is a view of the whole, possibly pooled, allocation.
  const bytes = littleEndian ? new Uint8Array(src) : swapBytes(src, BYTES[dtype]);
  switch (dtype) {
    case 'float32':
      return new Float32Array(bytes.buffer);
    case 'float64':
      return new Float64Array(bytes.buffer);
    case 'int32':
      return new Int32Array(bytes.buffer);
    case 'bool': {
      for (let i = 0; i < bytes.length; i++) {
        if (bytes[i] > 1)
          throw new ArgumentError('loadSafetensors', `a BOOL byte is ${bytes[i]}; expected 0 or 1`);
      }
      return bytes;
    }
  }
}

function swapBytes(src: Uint8Array, width: number): Uint8Array {
  const out = new Uint8Array(src.length);
  for (let i = 0; i < src.length; i += width)
    for (let j = 0; j < width; j++) out[i + j] = src[i + width - 1 - j];
  return out;
}

function checkKeys(op: string, opts: Record<string, unknown>, valid: readonly string[]): void {
  if (opts === null || typeof opts !== 'object')
    throw new ArgumentError(op, `options are ${typeof opts}; expected an object`);
  const unknown = Object.keys(opts).filter((k) => !valid.includes(k));
  if (unknown.length > 0) {
    throw new ArgumentError(
      op,
      `unknown option ${unknown.map((k) => `'${k}'`).join(', ')}; expected only ${valid.map((k) => `'${k}'`).join(', ')}`,
    );
  }
}
