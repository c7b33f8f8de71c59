/**
 * The IDX file format of MNIST (yann.lecun.com/exdb/mnist): a 4-byte magic
 * [0, 0, type, rank], `rank` big-endian uint32 dimensions, then the values,
 * big-endian, row-major. Pure and browser-safe; decompress .gz files first
 * (`data/mnist-idx-node.ts` does this in Node).
 */
import { ArgumentError } from '../errors.js';

/** The element types an IDX file can declare. */
export type IdxType = 'uint8' | 'int8' | 'int16' | 'int32' | 'float32' | 'float64';
/** The typed array holding an IDX file's values (by its element type). */
export type IdxData = Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;

/** A parsed IDX file: element type, shape and row-major values. */
export interface IdxArray {
  type: IdxType;
  shape: number[];
  data: IdxData;
}

const TYPE_CODES: Record<number, { type: IdxType; bytes: number }> = {
  8: { type: 'uint8', bytes: 1 },
  9: { type: 'int8', bytes: 1 },
  11: { type: 'int16', bytes: 2 },
  12: { type: 'int32', bytes: 4 },
  13: { type: 'float32', bytes: 4 },
  14: { type: 'float64', bytes: 8 },
};

/** True when `bytes` start with the gzip magic 1f 8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Parse an (uncompressed) IDX file. */
export function parseIdx(bytes: Uint8Array): IdxArray {
  const op = 'parseIdx';
  if (!(bytes instanceof Uint8Array))
    throw new ArgumentError(op, 'expected the file contents as a Uint8Array');
  if (isGzip(bytes))
    throw new ArgumentError(
      op,
      'the data is gzip-compressed; expected it decompressed first (readIdxFile does this in Node)',
    );
  if (bytes.length < 4 || bytes[0] !== 0 || bytes[1] !== 0) {
    throw new ArgumentError(
      op,
      `bad magic number [${[...bytes.subarray(0, 4)].join(', ')}]; expected [0, 0, type, rank] (is this an IDX file?)`,
    );
  }
  const code = TYPE_CODES[bytes[2]];
  if (!code)
    throw new ArgumentError(
      op,
      `unknown type code 0x${bytes[2].toString(16)}; expected 0x08, 0x09, 0x0b, 0x0c, 0x0d or 0x0e`,
    );
  const rank = bytes[3];
  const headerBytes = 4 + 4 * rank;
  if (bytes.length < headerBytes)
    throw new ArgumentError(op, `file has ${bytes.length} bytes; its header alone needs ${headerBytes}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shape: number[] = [];
  for (let i = 0; i < rank; i++) shape.push(view.getUint32(4 + 4 * i, false));
  const count = shape.reduce((a, b) => a * b, 1);
  const expected = headerBytes + count * code.bytes;
  if (bytes.length !== expected) {
    throw new ArgumentError(
      op,
      `file has ${bytes.length} bytes; a ${code.type} array of shape [${shape.join(', ')}] needs exactly ${expected}`,
    );
  }
  const data = readValues(view, headerBytes, count, code.type);
  return { type: code.type, shape, data };
}

function readValues(view: DataView, offset: number, count: number, type: IdxType): IdxData {
  switch (type) {
    case 'uint8':
      return new Uint8Array(view.buffer.slice(view.byteOffset + offset, view.byteOffset + offset + count));
    case 'int8':
      return new Int8Array(view.buffer.slice(view.byteOffset + offset, view.byteOffset + offset + count));
    case 'int16': {
      const out = new Int16Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getInt16(offset + 2 * i, false);
      return out;
    }
    case 'int32': {
      const out = new Int32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getInt32(offset + 4 * i, false);
      return out;
    }
    case 'float32': {
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat32(offset + 4 * i, false);
      return out;
    }
    case 'float64': {
      const out = new Float64Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat64(offset + 8 * i, false);
      return out;
    }
  }
}

/** Encode an array as an IDX file (the inverse of `parseIdx`). */
export function encodeIdx({ type, shape, data }: IdxArray): Uint8Array {
  const entry = Object.entries(TYPE_CODES).find(([, c]) => c.type === type);
  if (!entry)
    throw new ArgumentError(
      'encodeIdx',
      `type '${type}'; expected one of uint8, int8, int16, int32, float32, float64`,
    );
  const code = Number(entry[0]);
  const { bytes: size } = entry[1];
  const count = shape.reduce((a, b) => a * b, 1);
  if (data.length !== count)
    throw new ArgumentError(
      'encodeIdx',
      `${data.length} values for shape [${shape.join(', ')}]; expected ${count}`,
    );
  const header = 4 + 4 * shape.length;
  const out = new Uint8Array(header + count * size);
  const view = new DataView(out.buffer);
  out[2] = code;
  out[3] = shape.length;
  shape.forEach((d, i) => {
    view.setUint32(4 + 4 * i, d, false);
  });
  for (let i = 0; i < count; i++) {
    const o = header + i * size;
    const v = data[i];
    if (type === 'uint8') view.setUint8(o, v);
    else if (type === 'int8') view.setInt8(o, v);
    else if (type === 'int16') view.setInt16(o, v, false);
    else if (type === 'int32') view.setInt32(o, v, false);
    else if (type === 'float32') view.setFloat32(o, v, false);
    else view.setFloat64(o, v, false);
  }
  return out;
}
