import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  getBackend,
  loadSafetensors,
  memory,
  readSafetensorsMetadata,
  saveSafetensors,
  saveSafetensorsAsync,
  tensor,
  type Backend,
  type Tensor,
} from '@stride/core-tensor';
import { ascii, bytesOf, concat, craft, fromBase64, headerOf, u64 } from '../harness/bytes.js';
import { has } from '../harness/capabilities.js';
import type { Family } from '../harness/family.js';
import { malformedFileTests } from './serialization-malformed.js';
// Written by scripts/gen_safetensors_fixture.py from PyTorch tensors: the file's bytes and what they hold.
import pytorchFile from '../../fixtures/safetensors.json' with { type: 'json' };
// The same, holding PyTorch's I64, BOOL, F16 and BF16 tensors, which load converted.
import convertedFile from '../../fixtures/safetensors-converted.json' with { type: 'json' };

const fixture = fromBase64(pytorchFile.base64);
const DTYPES: Record<string, string> = { F32: 'float32', I32: 'int32', F64: 'float64' };

/**
 * safetensors files: written as the Python library writes them, read from PyTorch's, and refused
 * with a clear message when malformed. A backend without synchronous reads saves with
 * `saveSafetensorsAsync` and reads values with `data()`.
 */
export const serialization = {
  title: 'serialization (safetensors)',
  fixtures: [],
  ops: {},
  tests: () => {
    let before: ReturnType<typeof memory>;
    beforeEach(() => {
      before = memory();
    });
    afterEach(() => {
      expect(memory()).toEqual(before);
    });
    saveLoadTests();
    convertedDtypeTests();
    malformedFileTests(fixture);
  },
} satisfies Family;

function saveLoadTests(): void {
  describe('saveSafetensors / loadSafetensors', () => {
    it('round-trips keys, shapes, dtypes and values of float32 and int32 tensors', async () => {
      const saved = {
        'conv.weight': tensor([1.5, -2.25, 3e-8, 4e30, -0, 6], [2, 1, 3]),
        labels: tensor(new Int32Array([7, -1, 2147483647, -2147483648])),
        scalar: tensor(0.1, []),
        empty: tensor([], [0, 3]),
      };
      const loaded = loadSafetensors(await save(saved));
      await expectSameTensors(loaded, saved);
      disposeAll(saved, loaded);
    });

    it('round-trips float64 tensors bit for bit', async (ctx) => {
      if (!has('float64')) return ctx.skip();
      const saved = { precise: tensor(new Float64Array([Math.PI, 1e-300]), [2], { dtype: 'float64' }) };
      const loaded = loadSafetensors(await save(saved));
      await expectSameTensors(loaded, saved);
      disposeAll(saved, loaded);
    });

    it('round-trips metadata, which readSafetensorsMetadata returns', async () => {
      const bytes = await save({}, { format: 'pt', note: 'ünïcode "quoted"' });
      expect(readSafetensorsMetadata(bytes)).toEqual({ format: 'pt', note: 'ünïcode "quoted"' });
      expect(readSafetensorsMetadata(await save({}))).toEqual({});
    });

    it('writes a header padded with spaces to a multiple of 8 that parses as JSON', async () => {
      const x = tensor([1, 2, 3]);
      const bytes = await save({ x });
      const length = Number(new DataView(bytes.buffer).getBigUint64(0, true));
      const text = new TextDecoder().decode(bytes.subarray(8, 8 + length));
      expect(length % 8).toBe(0);
      expect(text).toBe('{"x":{"dtype":"F32","shape":[3],"data_offsets":[0,12]}}'.padEnd(length, ' '));
      expect(bytes.length).toBe(8 + length + 12);
      x.dispose();
    });

    it('orders tensors as the Python library does: widest dtype first, then by name', async (ctx) => {
      if (!has('float64')) return ctx.skip();
      const ts = {
        b: tensor([1]),
        '0': tensor([2]),
        a: tensor(new Int32Array([3])),
        z: tensor(new Float64Array([4]), [1], { dtype: 'float64' }),
      };
      const header = headerOf(await save(ts, { format: 'pt' }));
      const positions = ['"__metadata__":', '"z":', '"0":', '"b":', '"a":'].map((key) => header.indexOf(key));
      expect(positions.every((p, i) => p > (positions[i - 1] ?? -1))).toBe(true);
      const offsets = Object.fromEntries(
        Object.entries(JSON.parse(header) as Record<string, { data_offsets?: number[] }>).map(([k, v]) => [k, v.data_offsets]),
      );
      expect(offsets).toEqual({ __metadata__: undefined, z: [0, 8], '0': [8, 12], b: [12, 16], a: [16, 20] });
      disposeAll(ts);
    });

    it('writes the same bytes as the reference safetensors library for one F32 tensor and for metadata alone', async () => {
      // The byte strings the Rust library's own serialization tests expect.
      const t = tensor([0, 1, 2, 3, 4, 5], [1, 2, 3]);
      const json = '{"attn.0":{"dtype":"F32","shape":[1,2,3],"data_offsets":[0,24]}}';
      expect(await save({ 'attn.0': t })).toEqual(concat(u64(64), ascii(json), bytesOf(new Float32Array([0, 1, 2, 3, 4, 5]))));
      expect(await save({}, { framework: 'pt' })).toEqual(concat(u64(40), ascii('{"__metadata__":{"framework":"pt"}}     ')));
      t.dispose();
    });

    it('loads the file PyTorch wrote with exactly the values PyTorch had', async () => {
      const loaded = loadSafetensors(fixture, { backend: getBackend() });
      const expected = pytorchFile.tensors as Record<string, { dtype: string; shape: number[]; values: number[] }>;
      expect(Object.keys(loaded).sort()).toEqual(Object.keys(expected).sort());
      for (const [name, want] of Object.entries(expected)) {
        const t = loaded[name]!;
        expect({ name, dtype: t.dtype, shape: t.shape }).toEqual({ name, dtype: DTYPES[want.dtype], shape: want.shape });
        expect(Array.from(await t.data())).toEqual(want.values);
      }
      expect(readSafetensorsMetadata(fixture)).toEqual(pytorchFile.metadata);
      disposeAll(loaded);
    });

    it('loads a small file held in a Node Buffer, whose slice() would be a view of the shared pool', async (ctx) => {
      if (typeof Buffer === 'undefined') return ctx.skip();
      // Node hands small files (fs reads, Buffer.from) out as views into a shared pool; built here
      // by hand, since Bun and Deno do not pool.
      const pool = new Uint8Array(fixture.length + 64).fill(0xee);
      pool.set(fixture, 24);
      const pooled = Buffer.from(pool.buffer, 24, fixture.length);
      expect(pooled.buffer.byteLength).toBeGreaterThan(pooled.length);
      const fromBuffer = loadSafetensors(pooled);
      const fromArray = loadSafetensors(fixture);
      await expectSameTensors(fromBuffer, fromArray);
      disposeAll(fromBuffer, fromArray);
    });

    it('writes the PyTorch file back byte for byte', async () => {
      const loaded = loadSafetensors(fixture);
      expect(await save(loaded, readSafetensorsMetadata(fixture))).toEqual(fixture);
      disposeAll(loaded);
    });

    it('saves a non-contiguous view in its logical (row-major) order', async () => {
      const base = tensor([1, 2, 3, 4, 5, 6], [2, 3]);
      const view = base.t();
      const loaded = loadSafetensors(await save({ view }));
      expect(Array.from(await loaded.view!.data())).toEqual([1, 4, 2, 5, 3, 6]);
      disposeAll({ base, view }, loaded);
    });

    it('saveSafetensorsAsync writes the same bytes, also from a backend that cannot read synchronously', async () => {
      const backend = getBackend();
      const asyncOnly: Backend = {
        ...backend,
        name: 'async-only',
        capabilities: { ...backend.capabilities, readSync: false },
        readSync: undefined,
      };
      const x = tensor([1, 2, 3], [3], { backend: asyncOnly });
      const y = tensor([1, 2, 3]);
      expect(() => saveSafetensors({ x })).toThrow(
        "saveSafetensors: tensor 'x' is on backend 'async-only', which cannot read synchronously; use await saveSafetensorsAsync(tensors)",
      );
      expect(await saveSafetensorsAsync({ x }, { k: 'v' })).toEqual(await save({ x: y }, { k: 'v' }));
      disposeAll({ x, y });
    });

    it('loads data that starts at an unaligned offset, as foreign writers may leave it', async () => {
      let json = '{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}';
      while ((8 + json.length) % 4 !== 1) json += ' ';
      const { a } = loadSafetensors(craft(json, bytesOf(new Float32Array([1.5, -2]))));
      expect(Array.from(await a!.data())).toEqual([1.5, -2]);
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
}

/** saveSafetensors where the backend reads synchronously, else saveSafetensorsAsync (the same bytes). */
async function save(tensors: Record<string, Tensor>, metadata?: Record<string, string>): Promise<Uint8Array> {
  return has('readSync') ? saveSafetensors(tensors, metadata) : saveSafetensorsAsync(tensors, metadata);
}

async function expectSameTensors(got: Record<string, Tensor>, want: Record<string, Tensor>): Promise<void> {
  expect(Object.keys(got).sort()).toEqual(Object.keys(want).sort());
  for (const [name, t] of Object.entries(want)) {
    const back = got[name]!;
    expect([back.dtype, back.shape]).toEqual([t.dtype, t.shape]);
    expect(await back.data()).toEqual(await t.data());
  }
}

function disposeAll(...groups: Record<string, Tensor>[]): void {
  for (const group of groups) for (const t of Object.values(group)) t.dispose();
}

/** JSON has no NaN or infinities: the generator writes them as strings. */
const numberOf = (v: number | string): number => (typeof v === 'number' ? v : Number(v));

function convertedDtypeTests(): void {
  describe("PyTorch's dtypes Stride holds converted (I64, BOOL, F16, BF16)", () => {
    const file = fromBase64(convertedFile.base64);
    const LOADS_AS: Record<string, string> = { I64: 'int32', BOOL: 'int32', F16: 'float32', BF16: 'float32', F32: 'float32' };

    it('loads them as torchvision checkpoints hold them: int64 and bool as int32, f16 and bf16 as float32, exactly', async () => {
      const loaded = loadSafetensors(file);
      const expected = convertedFile.tensors as Record<string, { dtype: string; shape: number[]; values: (number | string)[] }>;
      expect(Object.keys(loaded).sort()).toEqual(Object.keys(expected).sort());
      for (const [name, want] of Object.entries(expected)) {
        const t = loaded[name]!;
        expect({ name, dtype: t.dtype, shape: t.shape }).toEqual({ name, dtype: LOADS_AS[want.dtype], shape: want.shape });
        expect(Array.from(await t.data())).toEqual(want.values.map(numberOf));
      }
      disposeAll(loaded);
    });

    it('refuses an int64 value int32 cannot hold, naming the tensor, the value and where it is', () => {
      const big = new Uint8Array(16);
      new DataView(big.buffer).setBigInt64(8, 2n ** 31n, true);
      const bytes = craft({ steps: { dtype: 'I64', shape: [2], data_offsets: [0, 16] } }, big);
      expect(() => loadSafetensors(bytes)).toThrow(
        "loadSafetensors: tensor 'steps' is I64 and holds 2147483648 at flat index 1, which int32 cannot hold (expected every value in [-2147483648, 2147483647])",
      );
    });

    it('refuses a BOOL byte that is neither 0 nor 1', () => {
      const bytes = craft({ mask: { dtype: 'BOOL', shape: [3], data_offsets: [0, 3] } }, Uint8Array.of(1, 0, 2));
      expect(() => loadSafetensors(bytes)).toThrow("loadSafetensors: tensor 'mask' is BOOL but byte 2 is 2 (expected 0 or 1)");
    });
  });
}
