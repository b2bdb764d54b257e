import { readFileSync } from 'node:fs';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
// A test may reach the CPU backend by path; core-tensor itself must not depend on kernels-cpu.
import { cpu } from '../../kernels-cpu/src/index.ts';
import type { Backend } from '../src/backend/backend.js';
import { setBackend } from '../src/backend/registry.js';
import { loadSafetensors, readSafetensorsMetadata, saveSafetensors, saveSafetensorsAsync } from '../src/io/safetensors.js';
import { memory } from '../src/memory/storage.js';
import { tensor } from '../src/ops/creation.js';
import type { Tensor } from '../src/tensor.js';

// Written by scripts/gen_safetensors_fixture.py from PyTorch tensors; the .json holds what they were.
const fixture = new Uint8Array(readFileSync(new URL('./fixtures/pytorch.safetensors', import.meta.url)));
interface Expected {
  dtype: string;
  shape: number[];
  values: number[];
}
const expected = JSON.parse(readFileSync(new URL('./fixtures/pytorch.safetensors.json', import.meta.url), 'utf8')) as {
  metadata: Record<string, string>;
  tensors: Record<string, Expected>;
};
const DTYPES: Record<string, string> = { F32: 'float32', I32: 'int32', F64: 'float64' };

let backend: Backend;
let before: ReturnType<typeof memory>;
beforeAll(() => {
  backend = cpu();
  setBackend(backend);
});
beforeEach(() => {
  before = memory();
});
afterEach(() => {
  expect(memory()).toEqual(before);
});

describe('saveSafetensors / loadSafetensors', () => {
  it('round-trips keys, shapes, dtypes and values of float32, int32 and float64 tensors', () => {
    const saved = {
      'conv.weight': tensor([1.5, -2.25, 3e-8, 4e30, -0, 6], [2, 1, 3]),
      labels: tensor(new Int32Array([7, -1, 2147483647, -2147483648])),
      scalar: tensor(0.1, []),
      empty: tensor([], [0, 3]),
      precise: tensor(new Float64Array([Math.PI, 1e-300]), [2], { dtype: 'float64' }),
    };
    const loaded = loadSafetensors(saveSafetensors(saved));
    expect(Object.keys(loaded).sort()).toEqual(Object.keys(saved).sort());
    for (const [name, t] of Object.entries(saved)) {
      const back = loaded[name]!;
      expect([back.dtype, back.shape]).toEqual([t.dtype, t.shape]);
      expect(back.dataSync()).toEqual(t.dataSync());
    }
    disposeAll(saved, loaded);
  });

  it('round-trips metadata, which readSafetensorsMetadata returns', () => {
    const bytes = saveSafetensors({}, { format: 'pt', note: 'ünïcode "quoted"' });
    expect(readSafetensorsMetadata(bytes)).toEqual({ format: 'pt', note: 'ünïcode "quoted"' });
    expect(readSafetensorsMetadata(saveSafetensors({}))).toEqual({});
  });

  it('writes a header padded with spaces to a multiple of 8 that parses as JSON', () => {
    const x = tensor([1, 2, 3]);
    const bytes = saveSafetensors({ x });
    const length = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    const text = new TextDecoder().decode(bytes.subarray(8, 8 + length));
    expect(length % 8).toBe(0);
    expect(text).toBe('{"x":{"dtype":"F32","shape":[3],"data_offsets":[0,12]}}'.padEnd(length, ' '));
    expect(bytes.length).toBe(8 + length + 12);
    x.dispose();
  });

  it('orders tensors as the Python library does: widest dtype first, then by name', () => {
    const ts = {
      b: tensor([1]),
      '0': tensor([2]),
      a: tensor(new Int32Array([3])),
      z: tensor(new Float64Array([4]), [1], { dtype: 'float64' }),
    };
    const header = headerOf(saveSafetensors(ts, { format: 'pt' }));
    const positions = ['"__metadata__":', '"z":', '"0":', '"b":', '"a":'].map((key) => header.indexOf(key));
    expect(positions.every((p, i) => p > (positions[i - 1] ?? -1))).toBe(true);
    const offsets = Object.fromEntries(
      Object.entries(JSON.parse(header) as Record<string, { data_offsets?: number[] }>).map(([k, v]) => [k, v.data_offsets]),
    );
    expect(offsets).toEqual({ __metadata__: undefined, z: [0, 8], '0': [8, 12], b: [12, 16], a: [16, 20] });
    disposeAll(ts);
  });

  it('writes the same bytes as the reference safetensors library for one F32 tensor and for metadata alone', () => {
    // The byte strings the Rust library's own serialization tests expect.
    const t = tensor([0, 1, 2, 3, 4, 5], [1, 2, 3]);
    const json = '{"attn.0":{"dtype":"F32","shape":[1,2,3],"data_offsets":[0,24]}}';
    expect(saveSafetensors({ 'attn.0': t })).toEqual(concat(u64(64), ascii(json), bytesOf(new Float32Array([0, 1, 2, 3, 4, 5]))));
    expect(saveSafetensors({}, { framework: 'pt' })).toEqual(concat(u64(40), ascii('{"__metadata__":{"framework":"pt"}}     ')));
    t.dispose();
  });

  it('loads the file PyTorch wrote with exactly the values PyTorch had', () => {
    const loaded = loadSafetensors(fixture, { backend });
    expect(Object.keys(loaded).sort()).toEqual(Object.keys(expected.tensors).sort());
    for (const [name, want] of Object.entries(expected.tensors)) {
      const t = loaded[name]!;
      expect({ name, dtype: t.dtype, shape: t.shape }).toEqual({ name, dtype: DTYPES[want.dtype], shape: want.shape });
      expect(Array.from(t.dataSync())).toEqual(want.values);
    }
    expect(readSafetensorsMetadata(fixture)).toEqual(expected.metadata);
    disposeAll(loaded);
  });

  it('loads a small file held in a Node Buffer, whose slice() would be a view of the shared pool', () => {
    // Buffer.from copies a small array into Node's pooled memory, as fs reads of small files do.
    const pooled = Buffer.from(fixture);
    expect(pooled.buffer.byteLength).toBeGreaterThan(pooled.length);
    const fromBuffer = loadSafetensors(pooled);
    const fromArray = loadSafetensors(fixture);
    for (const [name, t] of Object.entries(fromArray)) expect(fromBuffer[name]!.dataSync()).toEqual(t.dataSync());
    disposeAll(fromBuffer, fromArray);
  });

  it('writes the PyTorch file back byte for byte', () => {
    const loaded = loadSafetensors(fixture);
    expect(saveSafetensors(loaded, readSafetensorsMetadata(fixture))).toEqual(fixture);
    disposeAll(loaded);
  });

  it('saves a non-contiguous view in its logical (row-major) order', () => {
    const base = tensor([1, 2, 3, 4, 5, 6], [2, 3]);
    const view = base.t();
    const loaded = loadSafetensors(saveSafetensors({ view }));
    expect(Array.from(loaded.view!.dataSync())).toEqual([1, 4, 2, 5, 3, 6]);
    disposeAll({ base, view }, loaded);
  });

  it('saveSafetensorsAsync writes the same bytes, also from a backend that cannot read synchronously', async () => {
    const asyncOnly: Backend = { ...backend, name: 'async-only', readSync: undefined };
    const x = tensor([1, 2, 3], [3], { backend: asyncOnly });
    const y = tensor([1, 2, 3]);
    expect(() => saveSafetensors({ x })).toThrow(
      "saveSafetensors: tensor 'x' is on backend 'async-only', which cannot read synchronously; use await saveSafetensorsAsync(tensors)",
    );
    expect(await saveSafetensorsAsync({ x }, { k: 'v' })).toEqual(saveSafetensors({ x: y }, { k: 'v' }));
    disposeAll({ x, y });
  });

  it('loads data that starts at an unaligned offset, as foreign writers may leave it', () => {
    let json = '{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}';
    while ((8 + json.length) % 4 !== 1) json += ' ';
    const { a } = loadSafetensors(craft(json, bytesOf(new Float32Array([1.5, -2]))));
    expect(Array.from(a!.dataSync())).toEqual([1.5, -2]);
    a!.dispose();
  });

  it("keeps a tensor named '__proto__' as an ordinary key", () => {
    const bytes = craft('{"__proto__":{"dtype":"I32","shape":[1],"data_offsets":[0,4]}}', bytesOf(new Int32Array([9])));
    const proto = loadSafetensors(bytes);
    expect(Object.keys(proto)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(proto)).toBe(Object.prototype);
    disposeAll(proto);
  });

  it("rejects '__metadata__' as a tensor name and disposed tensors", () => {
    const x = tensor([1]);
    expect(() => saveSafetensors({ __metadata__: x })).toThrow(
      "saveSafetensors: '__metadata__' is reserved for metadata and cannot name a tensor",
    );
    x.dispose();
    expect(() => saveSafetensors({ x })).toThrow("saveSafetensors: tensor 'x' was disposed (shape [1], float32)");
  });
});

describe('loadSafetensors on malformed files', () => {
  const f32 = (begin: number, end: number, shape = [(end - begin) / 4]) => ({ dtype: 'F32', shape, data_offsets: [begin, end] });
  const fails = (bytes: Uint8Array, message: string) => expect(() => loadSafetensors(bytes)).toThrow(message);

  it('rejects a file shorter than the 8-byte length', () => {
    fails(
      new Uint8Array(5),
      'loadSafetensors: file is 5 bytes, shorter than the 8-byte header length (truncated, or not a safetensors file)',
    );
  });

  it('rejects a header length past the end of the file (header too long)', () => {
    fails(
      craft('{}', 0, 400n),
      'loadSafetensors: header too long: its length field says 400 bytes but only 2 bytes follow it (file truncated?)',
    );
  });

  it('rejects a header length over the 100 MB limit (header too long)', () => {
    fails(
      craft('{}', 0, 100_000_001n),
      'loadSafetensors: header too long: its length field says 100000001 bytes, over the limit of 100000000',
    );
    fails(craft('{}', 0, 2n ** 64n - 1n), 'header too long: its length field says 18446744073709551615 bytes');
  });

  it('rejects a header that is not JSON, or not a JSON object', () => {
    fails(craft('{"a": [1, 2', 0), 'loadSafetensors: header is not valid UTF-8 JSON (');
    fails(
      craft('[1, 2]', 0),
      'loadSafetensors: header must be a JSON object mapping tensor names to {dtype, shape, data_offsets}, but is [1,2]',
    );
  });

  it('rejects a tensor entry without valid shape or data_offsets', () => {
    fails(
      craft({ w: { dtype: 'F32', shape: [2, -1], data_offsets: [0, 0] } }, 0),
      "loadSafetensors: tensor 'w' has shape [2,-1]; expected an array of non-negative integers",
    );
    fails(
      craft({ w: { dtype: 'F32', shape: [1] } }, 4),
      "loadSafetensors: tensor 'w' has data_offsets undefined; expected [begin, end], two non-negative integers",
    );
  });

  it('rejects data_offsets out of range', () => {
    fails(craft({ w: f32(8, 4, [1]) }, 8), "loadSafetensors: tensor 'w' has data_offsets [8, 4], out of range: begin is after end");
    fails(
      craft({ w: f32(0, 8), v: f32(8, 4000) }, 8),
      "loadSafetensors: tensor 'v' has data_offsets [8, 4000], out of range: only 8 bytes of data follow the header",
    );
  });

  it('rejects overlapping data_offsets', () => {
    fails(
      craft({ a: f32(0, 8), b: f32(4, 12) }, 12),
      "loadSafetensors: tensor 'b' has data_offsets [4, 12], overlapping tensor 'a' at [0, 8]",
    );
  });

  it('rejects data_offsets that leave a hole', () => {
    fails(
      craft({ a: f32(0, 4), b: f32(8, 12) }, 12),
      "loadSafetensors: tensor 'b' has data_offsets [8, 12], leaving a hole of 4 bytes at [4, 8] that no tensor describes",
    );
  });

  it('rejects bytes after the last tensor that no tensor describes', () => {
    fails(
      craft({ a: f32(0, 4) }, 12),
      'loadSafetensors: the header describes 4 bytes of tensor data but 12 bytes follow it; the last 8 bytes belong to no tensor',
    );
  });

  it('rejects a byte count that does not match the shape', () => {
    fails(
      craft({ 'conv1.weight': f32(0, 96, [2, 3, 5]) }, 96),
      "loadSafetensors: tensor 'conv1.weight' has data_offsets [0, 96] (96 bytes) but shape [2, 3, 5] of F32 needs 120 bytes",
    );
  });

  it('rejects dtypes Stride cannot hold, naming the tensor and the supported ones', () => {
    const file = (dtype: unknown) => craft({ h: { dtype, shape: [2], data_offsets: [0, 4] } }, 4);
    fails(file('BF16'), `loadSafetensors: tensor 'h' has unsupported dtype "BF16" (supported: F64, F32, I32)`);
    fails(file('F8_E4M3'), `loadSafetensors: tensor 'h' has unsupported dtype "F8_E4M3" (supported: F64, F32, I32)`);
    fails(file('Q7'), `loadSafetensors: tensor 'h' has unknown dtype "Q7" (supported: F64, F32, I32)`);
  });

  it('rejects F64 where the backend holds no float64', () => {
    const f32Only: Backend = { ...backend, capabilities: { ...backend.capabilities, dtypes: ['float32', 'int32'] } };
    const bytes = craft({ d: { dtype: 'F64', shape: [1], data_offsets: [0, 8] } }, 8);
    expect(() => loadSafetensors(bytes, { backend: f32Only })).toThrow(
      "loadSafetensors: tensor 'd' has dtype F64 but the backend does not hold float64 (supported here: F32, I32)",
    );
  });

  it('rejects a truncated file, creating no tensors', () => {
    fails(
      fixture.subarray(0, fixture.length - 10),
      "loadSafetensors: tensor 'labels' has data_offsets [2132, 2160], out of range: only 2150 bytes of data follow the header (file truncated?)",
    );
  });

  it('rejects metadata that is not a map of strings', () => {
    fails(craft({ __metadata__: { epoch: 3 } }, 0), "loadSafetensors: __metadata__ entry 'epoch' must be a string, but is 3");
  });
});

function disposeAll(...groups: Record<string, Tensor>[]): void {
  for (const group of groups) for (const t of Object.values(group)) t.dispose();
}

/** A safetensors file from a header (object or exact text) and data; `length` overrides the length field. */
function craft(header: unknown, data: number | Uint8Array, length?: bigint): Uint8Array {
  const json = ascii(typeof header === 'string' ? header : JSON.stringify(header));
  return concat(u64(length ?? BigInt(json.length)), json, typeof data === 'number' ? new Uint8Array(data) : data);
}

function headerOf(bytes: Uint8Array): string {
  return new TextDecoder().decode(bytes.subarray(8, 8 + Number(new DataView(bytes.buffer).getBigUint64(0, true))));
}

function u64(n: number | bigint): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, BigInt(n), true);
  return out;
}

const ascii = (text: string) => new TextEncoder().encode(text);
const bytesOf = (values: Float32Array | Int32Array) => new Uint8Array(values.buffer);

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
