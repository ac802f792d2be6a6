import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  DTYPE_BYTES,
  DTYPES,
  SafetensorsError,
  bfloat16BitsToFloat32,
  float16BitsToFloat32,
  float32ToBFloat16Bits,
  float32ToFloat16Bits,
  parseSafetensors,
  serializeSafetensors,
  toFloat32,
  toInt32,
} from '../../graders/checkpoint/safetensors.ts';
import type { Dtype, RawTensor, TensorToWrite } from '../../graders/checkpoint/safetensors.ts';

const FIXTURES = new URL('../../../shared/fixtures/pytorch/', import.meta.url);

function readFixture(path: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(path, FIXTURES)));
}

function fixtureFiles(): string[] {
  return readdirSync(FIXTURES, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((dir) =>
      readdirSync(new URL(`${dir.name}/`, FIXTURES))
        .filter((file) => file.endsWith('.safetensors'))
        .map((file) => `${dir.name}/${file}`),
    );
}

function tensor(file: { tensors: Map<string, RawTensor> }, name: string): RawTensor {
  const found = file.tensors.get(name);
  if (found === undefined) throw new Error(`test setup: no tensor ${name}`);
  return found;
}

/** Builds a file from raw header text and a zero-filled data buffer of the given length. */
function fileWithHeader(headerText: string, dataLength = 0): Uint8Array {
  const header = new TextEncoder().encode(headerText);
  return fileWithHeaderBytes(header, dataLength);
}

function fileWithHeaderBytes(header: Uint8Array, dataLength = 0): Uint8Array {
  const out = new Uint8Array(8 + header.length + dataLength);
  new DataView(out.buffer).setBigUint64(0, BigInt(header.length), true);
  out.set(header, 8);
  return out;
}

function headerOf(file: Uint8Array): { length: number; json: Record<string, unknown> } {
  const length = Number(new DataView(file.buffer, file.byteOffset).getBigUint64(0, true));
  const text = new TextDecoder().decode(file.subarray(8, 8 + length));
  return { length, json: JSON.parse(text) as Record<string, unknown> };
}

function expectParseError(bytes: Uint8Array, message: RegExp): void {
  expect(() => parseSafetensors(bytes)).toThrow(SafetensorsError);
  expect(() => parseSafetensors(bytes)).toThrow(message);
}

/** A small seeded generator (mulberry32) so the random checks are repeatable. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function oneTensorOfEachDtype(): Record<string, TensorToWrite> {
  return {
    f64: { dtype: 'F64', shape: [2, 2], data: new Float64Array([1.5, -2.25, 1e300, -0]) },
    f32: { dtype: 'F32', shape: [3], data: new Float32Array([0.1, -3e38, Infinity]) },
    f16: { dtype: 'F16', shape: [2], data: new Uint16Array([0x3c00, 0xc000]) },
    bf16: { dtype: 'BF16', shape: [2], data: new Uint16Array([0x3f80, 0x4049]) },
    i64: { dtype: 'I64', shape: [2], data: new BigInt64Array([2n ** 40n, -(2n ** 62n)]) },
    i32: { dtype: 'I32', shape: [1, 3], data: new Int32Array([-2147483648, 0, 2147483647]) },
    i16: { dtype: 'I16', shape: [2], data: new Int16Array([-32768, 32767]) },
    i8: { dtype: 'I8', shape: [3], data: new Int8Array([-128, 5, 127]) },
    u8: { dtype: 'U8', shape: [], data: new Uint8Array([255]) },
    bool: { dtype: 'BOOL', shape: [2, 2], data: new Uint8Array([1, 0, 0, 1]) },
  };
}

function bytesOf(data: TensorToWrite['data']): Uint8Array {
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

describe('parseSafetensors on files written by PyTorch', () => {
  it('reads the GPT weights with their names, dtypes and shapes', () => {
    const file = parseSafetensors(readFixture('model.gpt/weights.safetensors'));
    const wte = tensor(file, 'transformer.wte.weight');
    expect(wte.dtype).toBe('F32');
    expect(wte.shape).toEqual([64, 32]);
    expect(tensor(file, 'transformer.wpe.weight').shape).toEqual([16, 32]);
    expect(file.tensors.has('transformer.h.1.attn.c_attn.weight')).toBe(true);
    expect(file.tensors.size).toBe(29);
    expect(file.metadata).toEqual({});
  });

  it('decodes GPT embedding values that match an independent reader', () => {
    const file = parseSafetensors(readFixture('model.gpt/weights.safetensors'));
    const values = toFloat32(tensor(file, 'transformer.wte.weight'));
    expect(values).toHaveLength(64 * 32);
    // The first four values as decoded by Python's struct module.
    const expected = [-0.008732703514397144, 0.003280830569565296, -0.014619825407862663];
    expected.forEach((value, i) => expect(values[i]).toBe(value));
    expect(values.every(Number.isFinite)).toBe(true);
  });

  it('reads the BERT inputs as I64 [2, 12] with plausible token ids', () => {
    const file = parseSafetensors(readFixture('model.bert/inputs.safetensors'));
    expect([...file.tensors.keys()]).toEqual(['input_ids', 'token_type_ids', 'attention_mask']);
    const ids = tensor(file, 'input_ids');
    expect(ids.dtype).toBe('I64');
    expect(ids.shape).toEqual([2, 12]);
    const values = toInt32(ids, 'input_ids');
    expect(values.every((id) => id >= 0 && id < 64)).toBe(true);
    expect([...values.slice(0, 6)]).toEqual([27, 38, 57, 13, 59, 61]);
    const mask = toInt32(tensor(file, 'attention_mask'));
    expect([...mask.slice(18)]).toEqual([1, 1, 1, 0, 0, 0]);
  });

  it('reads the GPT input tokens as ids below the vocabulary size', () => {
    const file = parseSafetensors(readFixture('model.gpt/inputs.safetensors'));
    const tokens = tensor(file, 'tokens');
    expect(tokens.shape).toEqual([2, 16]);
    expect(toInt32(tokens).every((id) => id >= 0 && id < 64)).toBe(true);
  });

  it('reads the I64 relative position indices inside the Swin weights', () => {
    const file = parseSafetensors(readFixture('model.swin/weights.safetensors'));
    const index = tensor(file, 'layers.0.blocks.0.attn.relative_position_index');
    expect(index.dtype).toBe('I64');
    expect(index.shape).toEqual([16, 16]);
    expect(toInt32(index).every((i) => i >= 0 && i < 49)).toBe(true);
  });

  it('reads a file whose header is empty as a file with no tensors', () => {
    const file = parseSafetensors(readFixture('swin.shifted-window-mask/inputs.safetensors'));
    expect(file.tensors.size).toBe(0);
    expect(file.metadata).toEqual({});
  });

  it('reads every fixture file and gives finite numbers for every tensor', () => {
    const files = fixtureFiles();
    expect(files.length).toBeGreaterThanOrEqual(20);
    for (const path of files) {
      const file = parseSafetensors(readFixture(path));
      for (const [name, raw] of file.tensors) {
        expect(raw.data.byteLength, `${path} ${name}`).toBe(
          raw.shape.reduce((a, b) => a * b, 1) * DTYPE_BYTES[raw.dtype],
        );
        expect(toFloat32(raw, name).every(Number.isFinite), `${path} ${name}`).toBe(true);
      }
    }
  });

  it('reads a file that sits at an odd byte offset inside a larger buffer', () => {
    const original = readFixture('model.gpt/weights.safetensors');
    const backing = new Uint8Array(original.length + 3);
    backing.set(original, 3);
    const shifted = parseSafetensors(backing.subarray(3));
    const expected = parseSafetensors(original);
    const name = 'transformer.h.0.attn.c_attn.weight';
    expect(toFloat32(tensor(shifted, name))).toEqual(toFloat32(tensor(expected, name)));
  });
});

describe('serializeSafetensors then parseSafetensors', () => {
  it('gives back the same names, dtypes, shapes and bytes for every dtype', () => {
    const written = oneTensorOfEachDtype();
    const file = parseSafetensors(serializeSafetensors(written, { format: 'pt', note: 'é ✓' }));
    expect(new Set(Object.values(written).map((t) => t.dtype))).toEqual(new Set(DTYPES));
    expect(file.tensors.size).toBe(Object.keys(written).length);
    for (const [name, original] of Object.entries(written)) {
      const read = tensor(file, name);
      expect(read.dtype).toBe(original.dtype);
      expect(read.shape).toEqual(original.shape);
      expect(read.data).toEqual(bytesOf(original.data));
    }
    expect(file.metadata).toEqual({ format: 'pt', note: 'é ✓' });
  });

  it('gives back the same values through toFloat32 and toInt32', () => {
    const file = parseSafetensors(serializeSafetensors(oneTensorOfEachDtype()));
    expect([...toFloat32(tensor(file, 'f64'))]).toEqual([1.5, -2.25, Infinity, -0]);
    const f32 = [Math.fround(0.1), Math.fround(-3e38), Infinity];
    expect([...toFloat32(tensor(file, 'f32'))]).toEqual(f32);
    expect([...toFloat32(tensor(file, 'f16'))]).toEqual([1, -2]);
    expect([...toFloat32(tensor(file, 'bf16'))]).toEqual([1, 3.140625]);
    expect([...toFloat32(tensor(file, 'i64'))]).toEqual([2 ** 40, -(2 ** 62)]);
    expect([...toInt32(tensor(file, 'i32'))]).toEqual([-2147483648, 0, 2147483647]);
    expect([...toInt32(tensor(file, 'i16'))]).toEqual([-32768, 32767]);
    expect([...toInt32(tensor(file, 'i8'))]).toEqual([-128, 5, 127]);
    expect([...toInt32(tensor(file, 'u8'))]).toEqual([255]);
    expect([...toInt32(tensor(file, 'bool'))]).toEqual([1, 0, 0, 1]);
    expect([...toFloat32(tensor(file, 'bool'))]).toEqual([1, 0, 0, 1]);
  });

  it('widens an Int32Array written as I64, keeping the sign', () => {
    const data = new Int32Array([7, -1, -2147483648]);
    const bytes = serializeSafetensors({ ids: { dtype: 'I64', shape: [3], data } });
    const ids = tensor(parseSafetensors(bytes), 'ids');
    expect(ids.data.byteLength).toBe(24);
    expect([...toInt32(ids)]).toEqual([7, -1, -2147483648]);
  });

  it('starts the data at a multiple of 8 bytes, padding the header with spaces', () => {
    for (let nameLength = 1; nameLength <= 16; nameLength++) {
      const name = 'x'.repeat(nameLength);
      const data = new Uint8Array([9]);
      const bytes = serializeSafetensors({ [name]: { dtype: 'U8', shape: [1], data } });
      const { length } = headerOf(bytes);
      expect((8 + length) % 8).toBe(0);
      const header = bytes.subarray(8, 8 + length);
      const closing = header.lastIndexOf(0x7d);
      expect(header.subarray(closing + 1).every((byte) => byte === 0x20)).toBe(true);
      expect(bytes[8 + length]).toBe(9);
    }
  });

  it('sorts tensors by name and lays them out contiguously in that order', () => {
    const bytes = serializeSafetensors({
      zeta: { dtype: 'I8', shape: [3], data: new Int8Array([1, 2, 3]) },
      alpha: { dtype: 'F32', shape: [2], data: new Float32Array([1, 2]) },
      mid: { dtype: 'I16', shape: [1], data: new Int16Array([4]) },
    });
    const { json } = headerOf(bytes);
    expect(Object.keys(json)).toEqual(['alpha', 'mid', 'zeta']);
    expect(json.alpha).toEqual({ dtype: 'F32', shape: [2], data_offsets: [0, 8] });
    expect(json.mid).toEqual({ dtype: 'I16', shape: [1], data_offsets: [8, 10] });
    expect(json.zeta).toEqual({ dtype: 'I8', shape: [3], data_offsets: [10, 13] });
  });

  it('reads multi-byte tensors that land at unaligned offsets in the data', () => {
    const bytes = serializeSafetensors({
      a: { dtype: 'I8', shape: [3], data: new Int8Array([1, 2, 3]) },
      b: { dtype: 'F64', shape: [2], data: new Float64Array([Math.PI, -Math.E]) },
    });
    expect(headerOf(bytes).json.b).toMatchObject({ data_offsets: [3, 19] });
    expect([...toFloat32(tensor(parseSafetensors(bytes), 'b'))]).toEqual([
      Math.fround(Math.PI),
      Math.fround(-Math.E),
    ]);
  });

  it('accepts a Map the same as a record', () => {
    const record = oneTensorOfEachDtype();
    const fromMap = serializeSafetensors(new Map(Object.entries(record)), { a: 'b' });
    expect(fromMap).toEqual(serializeSafetensors(record, { a: 'b' }));
  });

  it('keeps scalars and zero-size tensors', () => {
    const file = parseSafetensors(
      serializeSafetensors({
        scalar: { dtype: 'F32', shape: [], data: new Float32Array([2.5]) },
        empty: { dtype: 'F32', shape: [0, 4], data: new Float32Array(0) },
      }),
    );
    expect(tensor(file, 'scalar').shape).toEqual([]);
    expect([...toFloat32(tensor(file, 'scalar'))]).toEqual([2.5]);
    expect(tensor(file, 'empty').shape).toEqual([0, 4]);
    expect(tensor(file, 'empty').data.byteLength).toBe(0);
  });

  it('writes an empty file as an empty header padded to 8 bytes', () => {
    const bytes = serializeSafetensors({});
    expect(bytes.length).toBe(16);
    expect(parseSafetensors(bytes).tensors.size).toBe(0);
  });

  it('re-serializes PyTorch fixtures into files with identical tensors', () => {
    for (const path of ['model.gpt/weights.safetensors', 'model.bert/inputs.safetensors']) {
      const original = parseSafetensors(readFixture(path));
      const toWrite = new Map<string, TensorToWrite>();
      for (const [name, raw] of original.tensors) {
        toWrite.set(name, { dtype: raw.dtype, shape: raw.shape, data: writableData(raw) });
      }
      const again = parseSafetensors(serializeSafetensors(toWrite));
      expect(again.tensors.size).toBe(original.tensors.size);
      for (const [name, raw] of original.tensors) expect(tensor(again, name)).toEqual(raw);
    }
  });
});

function writableData(raw: RawTensor): TensorToWrite['data'] {
  const copy = raw.data.slice().buffer;
  const byDtype: Partial<Record<Dtype, () => TensorToWrite['data']>> = {
    F32: () => new Float32Array(copy),
    I64: () => new BigInt64Array(copy),
  };
  const make = byDtype[raw.dtype];
  if (make === undefined) throw new Error(`test setup: no writer for ${raw.dtype}`);
  return make();
}

describe('half precision conversions', () => {
  const known: [number, number][] = [
    [1, 0x3c00],
    [-2, 0xc000],
    [65504, 0x7bff],
    [2 ** -24, 0x0001],
    [2 ** -14, 0x0400],
    [0, 0x0000],
    [-0, 0x8000],
    [Infinity, 0x7c00],
    [-Infinity, 0xfc00],
  ];

  it('encodes known values to their half bit patterns', () => {
    const bits = float32ToFloat16Bits(new Float32Array(known.map(([value]) => value)));
    expect([...bits]).toEqual(known.map(([, pattern]) => pattern));
  });

  it('decodes known half bit patterns back to their values', () => {
    const values = float16BitsToFloat32(new Uint16Array(known.map(([, pattern]) => pattern)));
    expect([...values]).toEqual(known.map(([value]) => value));
  });

  it('rounds 0.1 to nearest, giving 0x2E66', () => {
    expect(float32ToFloat16Bits(new Float32Array([0.1]))[0]).toBe(0x2e66);
  });

  it('encodes NaN as a NaN half and decodes it as NaN', () => {
    const bits = float32ToFloat16Bits(new Float32Array([NaN]))[0] ?? 0;
    expect(bits & 0x7c00).toBe(0x7c00);
    expect(bits & 0x03ff).not.toBe(0);
    expect(float16BitsToFloat32(new Uint16Array([0x7e00]))[0]).toBeNaN();
  });

  it('rounds ties to even and overflows to infinity', () => {
    const ties = [1 + 2 ** -11, 1 + 3 * 2 ** -11];
    const inputs = [...ties, 65519, 65520, 1e6, 2 ** -25, 3 * 2 ** -26, -1e-9];
    const bits = float32ToFloat16Bits(new Float32Array(inputs));
    expect([...bits]).toEqual([0x3c00, 0x3c02, 0x7bff, 0x7c00, 0x7c00, 0x0000, 0x0001, 0x8000]);
  });

  it('round-trips random values within half an ulp of half precision', () => {
    const random = seededRandom(12345);
    const values = new Float32Array(5000).map(() => {
      const sign = random() < 0.5 ? -1 : 1;
      return sign * 2 ** (random() * 30 - 24);
    });
    const back = float16BitsToFloat32(float32ToFloat16Bits(values));
    values.forEach((value, i) => {
      const exponent = Math.max(Math.floor(Math.log2(Math.abs(value))), -14);
      const halfUlp = 2 ** (exponent - 10) / 2;
      expect(Math.abs((back[i] ?? NaN) - value)).toBeLessThanOrEqual(halfUlp);
    });
  });

  it('encodes every non-NaN half value back to its own bit pattern', () => {
    const all = new Uint16Array(65536).map((_, i) => i);
    const notNaN = all.filter((h) => (h & 0x7c00) !== 0x7c00 || (h & 0x03ff) === 0);
    expect([...float32ToFloat16Bits(float16BitsToFloat32(notNaN))]).toEqual([...notNaN]);
  });

  it('rounds the same way as the engine Math.f16round, where it exists', () => {
    const f16round = (Math as { f16round?: (x: number) => number }).f16round;
    if (f16round === undefined) return;
    const random = seededRandom(777);
    const anyBits = (): number => Math.floor(random() * 2 ** 32);
    const nearHalfRange = (): number => {
      const exponent = 100 + Math.floor(random() * 44);
      return ((anyBits() & 0x807fffff) | (exponent << 23)) >>> 0;
    };
    const bits = new Uint32Array(20000).map((_, i) => (i % 2 === 0 ? anyBits() : nearHalfRange()));
    const values = new Float32Array(bits.buffer).filter((x) => !Number.isNaN(x));
    const ours = float16BitsToFloat32(float32ToFloat16Bits(values));
    values.forEach((value, i) => expect(Object.is(ours[i], f16round(value))).toBe(true));
  });

  it('decodes F16 tensors through toFloat32', () => {
    const data = new Uint8Array([0x00, 0x3c, 0x00, 0xc0, 0x66, 0x2e]);
    const raw: RawTensor = { dtype: 'F16', shape: [3], data };
    expect([...toFloat32(raw)]).toEqual([1, -2, Math.fround(0.0999755859375)]);
  });

  it('decodes known bfloat16 bit patterns', () => {
    const bits = new Uint16Array([0x3f80, 0xc000, 0x4049, 0x7f80, 0xff80, 0x0001, 0x7fc0]);
    const values = [...bfloat16BitsToFloat32(bits)];
    expect(values.slice(0, 6)).toEqual([1, -2, 3.140625, Infinity, -Infinity, 2 ** -133]);
    expect(values[6]).toBeNaN();
    const data = new Uint8Array([0x80, 0x3f, 0x49, 0x40]);
    const raw: RawTensor = { dtype: 'BF16', shape: [2], data };
    expect([...toFloat32(raw)]).toEqual([1, 3.140625]);
  });

  it('rounds float32 to bfloat16 to nearest even', () => {
    const inputs = new Float32Array([Math.PI, 1 + 2 ** -8, 1 + 3 * 2 ** -8, -1]);
    expect([...float32ToBFloat16Bits(inputs)]).toEqual([0x4049, 0x3f80, 0x3f82, 0xbf80]);
  });
});

describe('integer conversion', () => {
  function int64Tensor(values: bigint[]): RawTensor {
    return { dtype: 'I64', shape: [values.length], data: bytesOf(new BigInt64Array(values)) };
  }

  it('keeps I64 values at the int32 limits', () => {
    const values = toInt32(int64Tensor([2147483647n, -2147483648n, 0n]), 'ids');
    expect([...values]).toEqual([2147483647, -2147483648, 0]);
  });

  it('throws naming the tensor and the value when an I64 value is outside int32', () => {
    const raw = int64Tensor([1n, 2147483648n]);
    expect(() => toInt32(raw, 'input_ids')).toThrow(SafetensorsError);
    expect(() => toInt32(raw, 'input_ids')).toThrow(/tensor "input_ids".*2147483648 at element 1/);
    expect(() => toInt32(int64Tensor([-(2n ** 40n)]), 'pos')).toThrow(/"pos".*-1099511627776/);
  });

  it('refuses to convert a float tensor to int32', () => {
    const raw: RawTensor = { dtype: 'F32', shape: [1], data: new Uint8Array(4) };
    expect(() => toInt32(raw, 'w')).toThrow(SafetensorsError);
    expect(() => toInt32(raw, 'w')).toThrow(/tensor "w".*float dtype F32/);
    expect(() => toInt32({ ...raw, dtype: 'BF16', data: new Uint8Array(2) })).toThrow(/BF16/);
  });

  it('rejects a raw tensor whose byte count does not match its shape', () => {
    const raw: RawTensor = { dtype: 'F32', shape: [2], data: new Uint8Array(4) };
    expect(() => toFloat32(raw, 'w')).toThrow(/tensor "w".*needs 8 bytes/);
  });
});

describe('parseSafetensors on malformed input', () => {
  const oneF32 = (entry: string): string => `{"w":${entry}}`;

  it('rejects a file shorter than 8 bytes', () => {
    expectParseError(new Uint8Array(5), /file is 5 bytes long; expected at least 8 bytes/);
  });

  it('rejects a header length larger than the file', () => {
    const bytes = new Uint8Array(12);
    new DataView(bytes.buffer).setBigUint64(0, 100n, true);
    expectParseError(bytes, /header length is 100 bytes, larger than the 4 bytes/);
    new DataView(bytes.buffer).setBigUint64(0, 2n ** 63n, true);
    expectParseError(bytes, /header length is 9223372036854775808 bytes/);
  });

  it('rejects a header that is not JSON', () => {
    const bytes = fileWithHeader('{"w": {');
    expectParseError(bytes, /header is not valid JSON.*starts with "\{\\"w\\": \{"/);
  });

  it('rejects a header that is not UTF-8', () => {
    expectParseError(fileWithHeaderBytes(new Uint8Array([0x7b, 0xff, 0x7d])), /not valid UTF-8/);
  });

  it('rejects a header that is not a JSON object', () => {
    expectParseError(fileWithHeader('[1, 2]'), /must be a JSON object; found an array/);
    expectParseError(fileWithHeader('null'), /must be a JSON object; found null/);
    expectParseError(fileWithHeader('"text"'), /must be a JSON object; found a string/);
  });

  it('rejects an entry that is not an object', () => {
    const bytes = fileWithHeader('{"w": 3}');
    expectParseError(bytes, /tensor "w": expected an object.*found a number \(3\)/);
  });

  it('rejects an entry missing dtype, shape or data_offsets', () => {
    const complete = { dtype: 'F32', shape: [1], data_offsets: [0, 4] };
    for (const field of ['dtype', 'shape', 'data_offsets'] as const) {
      const entry: Partial<typeof complete> = { ...complete };
      delete entry[field];
      const bytes = fileWithHeader(oneF32(JSON.stringify(entry)), 4);
      expectParseError(bytes, new RegExp(`tensor "w": header entry is missing "${field}"`));
    }
  });

  it('rejects an unknown dtype, naming it and the supported ones', () => {
    const bytes = fileWithHeader(oneF32('{"dtype":"F8_E4M3","shape":[1],"data_offsets":[0,1]}'), 1);
    expectParseError(bytes, /tensor "w": unknown dtype a string \("F8_E4M3"\)/);
    const supported = /supported dtypes are F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL$/;
    expectParseError(bytes, supported);
  });

  it('rejects negative and non-integer shape dims', () => {
    const negative = fileWithHeader(oneF32('{"dtype":"F32","shape":[2,-3],"data_offsets":[0,0]}'));
    expectParseError(negative, /tensor "w": shape dim 1 must be a non-negative integer/);
    expectParseError(negative, /found a number \(-3\)/);
    const fraction = fileWithHeader(oneF32('{"dtype":"F32","shape":[1.5],"data_offsets":[0,0]}'));
    expectParseError(fraction, /shape dim 0 must be a non-negative integer; found a number \(1.5/);
    const text = fileWithHeader(oneF32('{"dtype":"F32","shape":"2x3","data_offsets":[0,0]}'));
    expectParseError(text, /shape must be an array of dims; found a string/);
  });

  it('rejects data_offsets past the end of the data', () => {
    const bytes = fileWithHeader(oneF32('{"dtype":"F32","shape":[16],"data_offsets":[0,64]}'), 16);
    expectParseError(bytes, /tensor "w": data_offsets \[0, 64\] are out of range/);
    expectParseError(bytes, /the data buffer is 16 bytes/);
  });

  it('rejects data_offsets that are malformed or reversed', () => {
    const single = fileWithHeader(oneF32('{"dtype":"F32","shape":[1],"data_offsets":[4]}'), 8);
    expectParseError(single, /tensor "w": data_offsets must be \[begin, end\]/);
    expectParseError(single, /found an array \(\[4\]\)/);
    const reversed = fileWithHeader(oneF32('{"dtype":"F32","shape":[0],"data_offsets":[4,0]}'), 8);
    expectParseError(reversed, /data_offsets \[4, 0\] begin after they end/);
  });

  it('rejects tensors whose data overlap', () => {
    const header =
      '{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},' +
      '"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}';
    const bytes = fileWithHeader(header, 12);
    expectParseError(bytes, /tensor "b" \[4, 12\] overlaps tensor "a" \[0, 8\]/);
  });

  it('rejects data_offsets that do not span product(shape) times the item size', () => {
    const bytes = fileWithHeader(oneF32('{"dtype":"F32","shape":[2,2],"data_offsets":[0,12]}'), 16);
    expectParseError(bytes, /tensor "w": data_offsets span 12 bytes/);
    expectParseError(bytes, /but F32 \[2, 2\] needs 16 bytes/);
  });

  it('rejects metadata values that are not strings', () => {
    const bytes = fileWithHeader('{"__metadata__":{"format":"pt","epoch":3}}');
    expectParseError(bytes, /__metadata__ value for "epoch" must be a string/);
    expectParseError(bytes, /found a number \(3\)/);
    expectParseError(fileWithHeader('{"__metadata__":[1]}'), /__metadata__ must be an object/);
  });
});

describe('serializeSafetensors on bad tensors', () => {
  function one(dtype: Dtype, shape: number[], data: TensorToWrite['data']): TensorToWrite {
    return { dtype, shape, data };
  }

  function expectWriteError(
    tensors: Record<string, TensorToWrite>,
    message: RegExp,
    metadata?: Record<string, string>,
  ): void {
    expect(() => serializeSafetensors(tensors, metadata)).toThrow(SafetensorsError);
    expect(() => serializeSafetensors(tensors, metadata)).toThrow(message);
  }

  it('rejects a data length that does not match the shape, naming the tensor', () => {
    const tensors = { 'h.0.w': one('F32', [2, 3], new Float32Array(5)) };
    expectWriteError(tensors, /tensor "h.0.w": shape \[2, 3\] has 6 elements, but data has 5/);
  });

  it('rejects a typed array that does not match the dtype', () => {
    const wrong = { w: one('F32', [2], new Float64Array(2)) };
    expectWriteError(wrong, /tensor "w": dtype F32 needs data as Float32Array; found Float64Array/);
    const half = { h: one('F16', [1], new Float32Array(1)) };
    expectWriteError(half, /tensor "h": dtype F16 needs data as Uint16Array/);
    const ids = { ids: one('I64', [1], new Float64Array(1)) };
    expectWriteError(ids, /tensor "ids": dtype I64 needs data as BigInt64Array or Int32Array/);
  });

  it('rejects BOOL data other than 0 and 1', () => {
    const flags = { flags: one('BOOL', [2], new Uint8Array([1, 2])) };
    expectWriteError(flags, /tensor "flags": BOOL data must be 0 or 1; found 2 at element 1/);
  });

  it('rejects bad dtypes, bad shapes, a reserved name and non-string metadata', () => {
    expectWriteError({ w: one('F8' as Dtype, [1], new Uint8Array(1)) }, /"w": unknown dtype.*"F8"/);
    const badShape = { w: one('U8', [-1], new Uint8Array(1)) };
    expectWriteError(badShape, /tensor "w": shape dim 0 must be a non-negative/);
    const reserved = { __metadata__: one('U8', [1], new Uint8Array(1)) };
    expectWriteError(reserved, /"__metadata__" is reserved/);
    const metadata = { step: 3 } as unknown as Record<string, string>;
    expectWriteError({}, /metadata value for "step" must be a string/, metadata);
  });
});
