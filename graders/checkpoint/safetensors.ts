/**
 * A small, dependency-free reader and writer for the safetensors checkpoint format.
 *
 * Layout of a file: an 8-byte little-endian unsigned header length N, then N bytes of UTF-8
 * JSON header, then the data buffer. The header maps each tensor name to
 * `{ dtype, shape, data_offsets: [begin, end] }` (offsets relative to the start of the data
 * buffer) and may carry `"__metadata__": { string: string }`. Tensor data is little-endian
 * and row-major.
 *
 * Browser-safe: uses only Uint8Array, DataView, TextEncoder and TextDecoder, never a Node
 * built-in. Multi-byte values are always read through a DataView, so tensors that sit at an
 * unaligned offset in the file are fine.
 */

/** The element types this module reads and writes (safetensors' names). */
export type Dtype = 'F64' | 'F32' | 'F16' | 'BF16' | 'I64' | 'I32' | 'I16' | 'I8' | 'U8' | 'BOOL';

/** Bytes per element for each dtype. */
export const DTYPE_BYTES: Readonly<Record<Dtype, number>> = {
  F64: 8,
  F32: 4,
  F16: 2,
  BF16: 2,
  I64: 8,
  I32: 4,
  I16: 2,
  I8: 1,
  U8: 1,
  BOOL: 1,
};

/** Every supported dtype, in the order used in error messages. */
export const DTYPES: readonly Dtype[] = Object.keys(DTYPE_BYTES) as Dtype[];

/** A tensor as stored in a file: its dtype, shape, and exactly its little-endian bytes. */
export interface RawTensor {
  dtype: Dtype;
  shape: number[];
  data: Uint8Array;
}

/** A parsed file: tensors in data-offset order, and the `__metadata__` strings ({} if none). */
export interface SafetensorsFile {
  tensors: Map<string, RawTensor>;
  metadata: Record<string, string>;
}

/**
 * A tensor to serialize. `data` must be the typed array that matches `dtype`:
 * F64 Float64Array, F32 Float32Array, F16 and BF16 Uint16Array (raw bits), I64 BigInt64Array
 * or Int32Array (widened), I32 Int32Array, I16 Int16Array, I8 Int8Array, U8 Uint8Array,
 * BOOL Uint8Array of 0 and 1.
 */
export interface TensorToWrite {
  dtype: Dtype;
  shape: number[];
  data:
    | Float32Array
    | Float64Array
    | Int32Array
    | BigInt64Array
    | Int16Array
    | Int8Array
    | Uint8Array
    | Uint16Array;
}

/** The one error type thrown by this module; the message says what was expected and found. */
export class SafetensorsError extends Error {
  override name = 'SafetensorsError';
}

const LENGTH_PREFIX_BYTES = 8;
const HEADER_ALIGNMENT = 8;
const METADATA_KEY = '__metadata__';
const SPACE = 0x20;
const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

const IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

const ARRAY_KINDS_FOR_DTYPE: Readonly<Record<Dtype, readonly string[]>> = {
  F64: ['Float64Array'],
  F32: ['Float32Array'],
  F16: ['Uint16Array'],
  BF16: ['Uint16Array'],
  I64: ['BigInt64Array', 'Int32Array'],
  I32: ['Int32Array'],
  I16: ['Int16Array'],
  I8: ['Int8Array'],
  U8: ['Uint8Array'],
  BOOL: ['Uint8Array'],
};

/** True when `value` is one of the supported dtype names. */
export function isDtype(value: unknown): value is Dtype {
  return typeof value === 'string' && Object.hasOwn(DTYPE_BYTES, value);
}

/** The number of elements of a tensor with this shape (1 for the empty shape, a scalar). */
export function elementCount(shape: readonly number[]): number {
  let count = 1;
  for (const dim of shape) count *= dim;
  return count;
}

// ---------------------------------------------------------------------------------------------
// Small helpers for messages and checks
// ---------------------------------------------------------------------------------------------

function fail(message: string): never {
  throw new SafetensorsError(`safetensors: ${message}`);
}

function tensorLabel(name: string | undefined): string {
  return name === undefined ? 'tensor' : `tensor ${JSON.stringify(name)}`;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return `an array (${truncate(JSON.stringify(value))})`;
  if (typeof value === 'object') return `an object (${truncate(JSON.stringify(value))})`;
  if (typeof value === 'string') return `a string (${truncate(JSON.stringify(value))})`;
  return `a ${typeof value} (${String(value)})`;
}

function truncate(text: string | undefined, max = 60): string {
  const shown = text ?? '';
  return shown.length <= max ? shown : `${shown.slice(0, max)}...`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNonNegativeInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function unknownDtypeMessage(found: unknown): string {
  return `unknown dtype ${describe(found)}; supported dtypes are ${DTYPES.join(', ')}`;
}

function checkDtype(label: string, dtype: unknown): Dtype {
  if (!isDtype(dtype)) fail(`${label}: ${unknownDtypeMessage(dtype)}`);
  return dtype;
}

function checkShape(label: string, shape: unknown): number[] {
  if (!Array.isArray(shape)) {
    fail(`${label}: shape must be an array of dims; found ${describe(shape)}`);
  }
  shape.forEach((dim: unknown, axis) => {
    if (!isNonNegativeInteger(dim)) {
      fail(`${label}: shape dim ${axis} must be a non-negative integer; found ${describe(dim)}`);
    }
  });
  return shape.slice() as number[];
}

// ---------------------------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------------------------

interface HeaderEntry {
  name: string;
  dtype: Dtype;
  shape: number[];
  begin: number;
  end: number;
}

/**
 * Parses a whole safetensors file.
 *
 * Takes the file's bytes; returns its tensors (each with a copy of its bytes, in data-offset
 * order) and its `__metadata__` (an empty object when absent). Validates the layout and throws
 * a SafetensorsError that names the problem and the tensor it concerns.
 */
export function parseSafetensors(bytes: Uint8Array): SafetensorsFile {
  if (!(bytes instanceof Uint8Array)) {
    fail(`expected the file as a Uint8Array; found ${describe(bytes)}`);
  }
  const headerLength = readHeaderLength(bytes);
  const dataStart = LENGTH_PREFIX_BYTES + headerLength;
  const header = decodeHeader(bytes.subarray(LENGTH_PREFIX_BYTES, dataStart));
  const data = bytes.subarray(dataStart);
  const metadata = parseMetadata(header[METADATA_KEY]);
  const entries = Object.entries(header)
    .filter(([name]) => name !== METADATA_KEY)
    .map(([name, value]) => parseEntry(name, value, data.length));
  const ordered = sortByOffset(entries);
  checkNoOverlap(ordered);
  const tensors = new Map<string, RawTensor>();
  for (const entry of ordered) {
    const bytesOfTensor = data.slice(entry.begin, entry.end);
    tensors.set(entry.name, { dtype: entry.dtype, shape: entry.shape, data: bytesOfTensor });
  }
  return { tensors, metadata };
}

function readHeaderLength(bytes: Uint8Array): number {
  if (bytes.length < LENGTH_PREFIX_BYTES) {
    fail(`file is ${bytes.length} bytes long; expected at least 8 bytes (the header length)`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, LENGTH_PREFIX_BYTES);
  const length = view.getBigUint64(0, true);
  const available = bytes.length - LENGTH_PREFIX_BYTES;
  if (length > BigInt(available)) {
    fail(`header length is ${length} bytes, larger than the ${available} bytes after the length`);
  }
  return Number(length);
}

function decodeHeader(headerBytes: Uint8Array): Record<string, unknown> {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(headerBytes);
  } catch {
    return fail('header is not valid UTF-8');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const start = truncate(JSON.stringify(text));
    return fail(`header is not valid JSON (${reason}); it starts with ${start}`);
  }
  if (!isPlainObject(parsed)) fail(`header must be a JSON object; found ${describe(parsed)}`);
  return parsed;
}

function parseMetadata(value: unknown): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (!isPlainObject(value)) {
    fail(`${METADATA_KEY} must be an object of strings; found ${describe(value)}`);
  }
  for (const [key, item] of Object.entries(value)) {
    if (typeof item !== 'string') {
      const found = describe(item);
      fail(`${METADATA_KEY} value for ${JSON.stringify(key)} must be a string; found ${found}`);
    }
  }
  return Object.fromEntries(Object.entries(value)) as Record<string, string>;
}

function parseEntry(name: string, value: unknown, dataLength: number): HeaderEntry {
  const label = tensorLabel(name);
  if (!isPlainObject(value)) {
    const found = describe(value);
    fail(`${label}: expected an object with dtype, shape and data_offsets; found ${found}`);
  }
  for (const field of ['dtype', 'shape', 'data_offsets']) {
    if (value[field] === undefined) fail(`${label}: header entry is missing "${field}"`);
  }
  const dtype = checkDtype(label, value.dtype);
  const shape = checkShape(label, value.shape);
  const [begin, end] = checkOffsets(label, value.data_offsets, dataLength);
  checkByteCount(label, dtype, shape, end - begin);
  return { name, dtype, shape, begin, end };
}

function checkOffsets(label: string, offsets: unknown, dataLength: number): [number, number] {
  const valid =
    Array.isArray(offsets) &&
    offsets.length === 2 &&
    isNonNegativeInteger(offsets[0]) &&
    isNonNegativeInteger(offsets[1]);
  if (!valid) {
    const found = describe(offsets);
    fail(`${label}: data_offsets must be [begin, end], non-negative integers; found ${found}`);
  }
  const [begin, end] = offsets as [number, number];
  if (begin > end) fail(`${label}: data_offsets [${begin}, ${end}] begin after they end`);
  if (end > dataLength) {
    fail(
      `${label}: data_offsets [${begin}, ${end}] are out of range; ` +
        `the data buffer is ${dataLength} bytes`,
    );
  }
  return [begin, end];
}

function checkByteCount(label: string, dtype: Dtype, shape: number[], found: number): void {
  const expected = elementCount(shape) * DTYPE_BYTES[dtype];
  if (found !== expected) {
    fail(
      `${label}: data_offsets span ${found} bytes, but ${dtype} [${shape.join(', ')}] ` +
        `needs ${expected} bytes`,
    );
  }
}

function sortByOffset(entries: HeaderEntry[]): HeaderEntry[] {
  return entries.slice().sort((a, b) => a.begin - b.begin || a.end - b.end);
}

function checkNoOverlap(ordered: readonly HeaderEntry[]): void {
  let furthest: HeaderEntry | undefined;
  for (const entry of ordered) {
    if (furthest !== undefined && entry.begin < furthest.end) {
      fail(
        `${tensorLabel(entry.name)} [${entry.begin}, ${entry.end}] overlaps ` +
          `${tensorLabel(furthest.name)} [${furthest.begin}, ${furthest.end}]`,
      );
    }
    if (furthest === undefined || entry.end > furthest.end) furthest = entry;
  }
}

// ---------------------------------------------------------------------------------------------
// Serializing
// ---------------------------------------------------------------------------------------------

interface PlannedTensor {
  name: string;
  tensor: TensorToWrite;
  begin: number;
  end: number;
}

/**
 * Serializes tensors (and optional string metadata) into a safetensors file.
 *
 * Takes a record or map from name to tensor; returns the file's bytes. Tensors are sorted by
 * name (UTF-16 code unit order), so the output does not depend on insertion order, and are
 * laid out contiguously in that order. The header JSON is padded with spaces so that the
 * data starts at a multiple of 8 bytes. Throws a SafetensorsError naming the tensor when its
 * dtype, shape, typed array kind or element count is wrong.
 */
export function serializeSafetensors(
  tensors: Record<string, TensorToWrite> | Map<string, TensorToWrite>,
  metadata?: Record<string, string>,
): Uint8Array {
  const plan = planLayout(sortedEntries(tensors));
  const header = paddedHeader(headerJson(plan, metadata));
  const dataStart = LENGTH_PREFIX_BYTES + header.length;
  const dataLength = plan.at(-1)?.end ?? 0;
  const out = new Uint8Array(dataStart + dataLength);
  new DataView(out.buffer).setBigUint64(0, BigInt(header.length), true);
  out.set(header, LENGTH_PREFIX_BYTES);
  for (const item of plan) writeTensorData(out, dataStart + item.begin, item.tensor);
  return out;
}

function sortedEntries(
  tensors: Record<string, TensorToWrite> | Map<string, TensorToWrite>,
): [string, TensorToWrite][] {
  const entries = tensors instanceof Map ? [...tensors.entries()] : Object.entries(tensors);
  for (const [name] of entries) {
    if (typeof name !== 'string') fail(`tensor names must be strings; found ${describe(name)}`);
    if (name === METADATA_KEY) fail(`"${METADATA_KEY}" is reserved and cannot name a tensor`);
  }
  return entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function planLayout(entries: [string, TensorToWrite][]): PlannedTensor[] {
  let offset = 0;
  return entries.map(([name, tensor]) => {
    const byteLength = checkTensorToWrite(name, tensor);
    const planned = { name, tensor, begin: offset, end: offset + byteLength };
    offset += byteLength;
    return planned;
  });
}

function checkTensorToWrite(name: string, tensor: TensorToWrite): number {
  const label = tensorLabel(name);
  if (!isPlainObject(tensor)) {
    fail(`${label}: expected { dtype, shape, data }; found ${describe(tensor)}`);
  }
  const dtype = checkDtype(label, tensor.dtype);
  const shape = checkShape(label, tensor.shape);
  checkArrayKind(label, dtype, tensor.data);
  const count = elementCount(shape);
  if (tensor.data.length !== count) {
    const found = tensor.data.length;
    fail(`${label}: shape [${shape.join(', ')}] has ${count} elements, but data has ${found}`);
  }
  if (dtype === 'BOOL') checkBoolValues(label, tensor.data as Uint8Array);
  return count * DTYPE_BYTES[dtype];
}

function typedArrayKind(value: unknown): string | undefined {
  if (!ArrayBuffer.isView(value) || value instanceof DataView) return undefined;
  return Object.prototype.toString.call(value).slice('[object '.length, -1);
}

function checkArrayKind(label: string, dtype: Dtype, data: unknown): void {
  const allowed = ARRAY_KINDS_FOR_DTYPE[dtype];
  const kind = typedArrayKind(data);
  if (kind === undefined || !allowed.includes(kind)) {
    const found = kind ?? describe(data);
    fail(`${label}: dtype ${dtype} needs data as ${allowed.join(' or ')}; found ${found}`);
  }
}

function checkBoolValues(label: string, data: Uint8Array): void {
  const index = data.findIndex((value) => value > 1);
  if (index >= 0) {
    fail(`${label}: BOOL data must be 0 or 1; found ${data[index]} at element ${index}`);
  }
}

function headerJson(
  plan: readonly PlannedTensor[],
  metadata: Record<string, string> | undefined,
): string {
  const parts: string[] = [];
  if (metadata !== undefined) parts.push(`"${METADATA_KEY}":${metadataJson(metadata)}`);
  for (const item of plan) {
    const { dtype, shape } = item.tensor;
    const entry = { dtype, shape, data_offsets: [item.begin, item.end] };
    parts.push(`${JSON.stringify(item.name)}:${JSON.stringify(entry)}`);
  }
  return `{${parts.join(',')}}`;
}

function metadataJson(metadata: Record<string, string>): string {
  if (!isPlainObject(metadata)) {
    fail(`metadata must be an object of strings; found ${describe(metadata)}`);
  }
  const parts = Object.entries(metadata).map(([key, value]) => {
    if (typeof value !== 'string') {
      fail(`metadata value for ${JSON.stringify(key)} must be a string; found ${describe(value)}`);
    }
    return `${JSON.stringify(key)}:${JSON.stringify(value)}`;
  });
  return `{${parts.join(',')}}`;
}

function paddedHeader(json: string): Uint8Array {
  const encoded = new TextEncoder().encode(json);
  const padding = (HEADER_ALIGNMENT - (encoded.length % HEADER_ALIGNMENT)) % HEADER_ALIGNMENT;
  const padded = new Uint8Array(encoded.length + padding).fill(SPACE);
  padded.set(encoded);
  return padded;
}

function writeTensorData(out: Uint8Array, offset: number, tensor: TensorToWrite): void {
  if (tensor.dtype === 'I64' && tensor.data instanceof Int32Array) {
    writeWidenedInt64(out, offset, tensor.data);
    return;
  }
  const { data } = tensor;
  out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), offset);
  if (!IS_LITTLE_ENDIAN) swapByteOrder(out, offset, data.byteLength, data.BYTES_PER_ELEMENT);
}

function writeWidenedInt64(out: Uint8Array, offset: number, values: Int32Array): void {
  const view = new DataView(out.buffer, out.byteOffset + offset, values.length * 8);
  values.forEach((value, index) => view.setBigInt64(index * 8, BigInt(value), true));
}

function swapByteOrder(bytes: Uint8Array, offset: number, byteLength: number, size: number): void {
  if (size === 1) return;
  for (let start = offset; start < offset + byteLength; start += size) {
    bytes.subarray(start, start + size).reverse();
  }
}

// ---------------------------------------------------------------------------------------------
// Converting to numbers
// ---------------------------------------------------------------------------------------------

type ElementReader = (view: DataView, byteOffset: number) => number;

const FLOAT_READERS: Readonly<Record<Dtype, ElementReader>> = {
  F64: (view, at) => view.getFloat64(at, true),
  F32: (view, at) => view.getFloat32(at, true),
  F16: (view, at) => halfBitsToNumber(view.getUint16(at, true)),
  BF16: (view, at) => bfloat16BitsToNumber(view.getUint16(at, true)),
  I64: (view, at) => Number(view.getBigInt64(at, true)),
  I32: (view, at) => view.getInt32(at, true),
  I16: (view, at) => view.getInt16(at, true),
  I8: (view, at) => view.getInt8(at),
  U8: (view, at) => view.getUint8(at),
  BOOL: (view, at) => (view.getUint8(at) === 0 ? 0 : 1),
};

const INT_READERS: Readonly<Partial<Record<Dtype, ElementReader>>> = {
  I32: (view, at) => view.getInt32(at, true),
  I16: (view, at) => view.getInt16(at, true),
  I8: (view, at) => view.getInt8(at),
  U8: (view, at) => view.getUint8(at),
  BOOL: (view, at) => (view.getUint8(at) === 0 ? 0 : 1),
};

/**
 * Converts a tensor of any supported dtype to float32 values (row-major).
 *
 * Takes a RawTensor and, optionally, its name for error messages; returns a new Float32Array.
 * F64 and I64 values are rounded to the nearest float32; BOOL becomes 0 or 1.
 */
export function toFloat32(t: RawTensor, name?: string): Float32Array {
  const { view, count, size } = checkedView(t, name);
  const read = FLOAT_READERS[t.dtype];
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = read(view, i * size);
  return out;
}

/**
 * Converts an integer or BOOL tensor to int32 values (row-major).
 *
 * Takes a RawTensor of dtype I64, I32, I16, I8, U8 or BOOL and, optionally, its name for error
 * messages; returns a new Int32Array. Throws a SafetensorsError for float dtypes, and for an
 * I64 value outside the int32 range (naming the value, its element index and the tensor).
 */
export function toInt32(t: RawTensor, name?: string): Int32Array {
  const label = tensorLabel(name);
  if (isDtype(t.dtype) && t.dtype !== 'I64' && INT_READERS[t.dtype] === undefined) {
    fail(`${label}: toInt32 needs an integer or BOOL dtype; found float dtype ${t.dtype}`);
  }
  const { view, count, size } = checkedView(t, name);
  if (t.dtype === 'I64') return narrowInt64(view, count, label);
  const read = INT_READERS[t.dtype] as ElementReader;
  const out = new Int32Array(count);
  for (let i = 0; i < count; i++) out[i] = read(view, i * size);
  return out;
}

function narrowInt64(view: DataView, count: number, label: string): Int32Array {
  const out = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const value = view.getBigInt64(i * 8, true);
    if (value < INT32_MIN || value > INT32_MAX) {
      fail(
        `${label}: I64 value ${value} at element ${i} is outside the int32 range ` +
          `[${INT32_MIN}, ${INT32_MAX}]`,
      );
    }
    out[i] = Number(value);
  }
  return out;
}

interface CheckedView {
  view: DataView;
  count: number;
  size: number;
}

function checkedView(t: RawTensor, name: string | undefined): CheckedView {
  const label = tensorLabel(name);
  const dtype = checkDtype(label, t.dtype);
  const shape = checkShape(label, t.shape);
  if (!(t.data instanceof Uint8Array)) {
    fail(`${label}: data must be a Uint8Array; found ${describe(t.data)}`);
  }
  const count = elementCount(shape);
  const size = DTYPE_BYTES[dtype];
  checkByteCount(label, dtype, shape, t.data.byteLength);
  return { view: new DataView(t.data.buffer, t.data.byteOffset, t.data.byteLength), count, size };
}

// ---------------------------------------------------------------------------------------------
// Half-precision bit conversions
// ---------------------------------------------------------------------------------------------

const scratchFloat = new Float32Array(1);
const scratchBits = new Uint32Array(scratchFloat.buffer);

/**
 * Rounds float32 values to IEEE half precision, to nearest with ties to even.
 *
 * Takes a Float32Array; returns the raw half bits as a Uint16Array. Values too large become
 * ±infinity, tiny values become half subnormals or ±0, and NaN stays NaN.
 */
export function float32ToFloat16Bits(x: Float32Array): Uint16Array {
  const bits = float32Bits(x);
  const out = new Uint16Array(bits.length);
  for (let i = 0; i < bits.length; i++) out[i] = float32BitsToHalfBits(bits[i] as number);
  return out;
}

/** Decodes raw IEEE half-precision bits; returns the exact values as a Float32Array. */
export function float16BitsToFloat32(h: Uint16Array): Float32Array {
  const out = new Float32Array(h.length);
  for (let i = 0; i < h.length; i++) out[i] = halfBitsToNumber(h[i] as number);
  return out;
}

/**
 * Rounds float32 values to bfloat16, to nearest with ties to even.
 *
 * Takes a Float32Array; returns the raw bfloat16 bits as a Uint16Array (NaN stays NaN).
 */
export function float32ToBFloat16Bits(x: Float32Array): Uint16Array {
  const bits = float32Bits(x);
  const out = new Uint16Array(bits.length);
  for (let i = 0; i < bits.length; i++) out[i] = float32BitsToBFloat16Bits(bits[i] as number);
  return out;
}

/** Decodes raw bfloat16 bits; returns the exact values as a Float32Array. */
export function bfloat16BitsToFloat32(h: Uint16Array): Float32Array {
  const out = new Float32Array(h.length);
  for (let i = 0; i < h.length; i++) out[i] = bfloat16BitsToNumber(h[i] as number);
  return out;
}

function float32Bits(x: Float32Array): Uint32Array {
  if (!(x instanceof Float32Array)) fail(`expected a Float32Array; found ${describe(x)}`);
  return new Uint32Array(x.buffer, x.byteOffset, x.length);
}

function float32BitsToHalfBits(bits: number): number {
  const sign = (bits >>> 16) & 0x8000;
  const exponent = (bits >>> 23) & 0xff;
  const mantissa = bits & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa === 0 ? 0 : 0x200 | (mantissa >>> 13));
  const halfExponent = exponent - 127 + 15;
  if (halfExponent >= 0x1f) return sign | 0x7c00;
  if (halfExponent <= 0) return sign | roundedSubnormal(mantissa | 0x800000, 14 - halfExponent);
  const truncated = sign | (halfExponent << 10) | (mantissa >>> 13);
  return truncated + roundingIncrement(mantissa & 0x1fff, 0x1000, truncated);
}

function roundedSubnormal(significand: number, shift: number): number {
  if (shift > 24) return 0;
  const truncated = significand >>> shift;
  const remainder = significand & ((1 << shift) - 1);
  return truncated + roundingIncrement(remainder, 1 << (shift - 1), truncated);
}

function roundingIncrement(remainder: number, halfway: number, truncated: number): number {
  if (remainder > halfway) return 1;
  return remainder === halfway ? truncated & 1 : 0;
}

function float32BitsToBFloat16Bits(bits: number): number {
  const isNotANumber = (bits & 0x7f800000) === 0x7f800000 && (bits & 0x7fffff) !== 0;
  if (isNotANumber) return (bits >>> 16) | 0x40;
  return (bits + 0x7fff + ((bits >>> 16) & 1)) >>> 16;
}

function halfBitsToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >>> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 0x1f) return fraction === 0 ? sign * Infinity : NaN;
  return sign * (1024 + fraction) * 2 ** (exponent - 25);
}

function bfloat16BitsToNumber(bits: number): number {
  scratchBits[0] = bits << 16;
  return scratchFloat[0] as number;
}
