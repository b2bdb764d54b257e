import { describe, expect, it } from 'vitest';
import type { Shape } from '@stride/core-tensor';
import { contiguousStrides, type DataId, type View } from '@stride/core-tensor/backend';
import { cpu } from '../src/index.js';
import { valuesOf } from '../src/storage.js';
import { blockSize, wasmHeap } from '../src/wasm/heap.js';
import { wasmRuntime } from '../src/wasm/runtime.js';

// Tensors live in the wasm runtime's (shared) memory, so kernels use them in place. These tests
// pin down what that must not break: values survive memory growth, freed blocks are reused
// only once free, and kernels give the same bits whether operands are in place or copied.
const b = cpu({ threads: 2 });
const rt = wasmRuntime()!;

function put(values: Float32Array, shape: Shape): View {
  return { id: b.write(values), shape, dtype: 'float32', strides: contiguousStrides(shape), offset: 0 };
}
const ramp = (n: number, scale = 1) => Float32Array.from({ length: n }, (_, i) => ((i * 37) % 101) * scale - 50);
const wasmResident = (id: DataId) => rt.holds(valuesOf(id));

describe('the wasm heap', () => {
  it('rounds sizes to classes a quarter apart, with 16 bytes of slack, 64-byte aligned', () => {
    expect(blockSize(1)).toBe(64);
    expect(blockSize(48)).toBe(64);
    expect(blockSize(49)).toBe(128);
    expect(blockSize(4096)).toBe(5120);
    expect(blockSize(4096 * 1024 - 16)).toBe(4096 * 1024);
    for (const bytes of [1000, 12345, 1 << 20, 3_000_001]) {
      const size = blockSize(bytes);
      expect(size).toBeGreaterThanOrEqual(bytes + 16);
      expect(size).toBeLessThanOrEqual(Math.max(bytes * 1.25 + 16, 1024 + 64));
      expect(size % 64).toBe(0);
    }
  });

  it('hands a freed block to the next request of its class, never a live one', () => {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 64 });
    const heap = wasmHeap(memory, 100);
    const a = heap.alloc(1000)!;
    const c = heap.alloc(1000)!;
    expect(a % 64).toBe(0);
    expect(c).toBeGreaterThanOrEqual(a + 1016);
    heap.free(a);
    expect(heap.alloc(1001)).toBe(a);
    expect(heap.alloc(1000)).not.toBe(c);
    expect(() => heap.free(a + 64)).toThrow(/not a live block/);
  });

  it('grows memory as blocks are carved and returns null past its maximum', () => {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 4 });
    const heap = wasmHeap(memory, 0);
    expect(heap.alloc(3 * 65536)).not.toBeNull();
    expect(memory.buffer.byteLength).toBeGreaterThanOrEqual(3 * 65536 + 16);
    expect(heap.alloc(2 * 65536)).toBeNull();
    expect(heap.usedBytes).toBe(blockSize(3 * 65536));
  });

  it('at its maximum, serves a request from a free block of a larger class rather than fail', () => {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 4 });
    const heap = wasmHeap(memory, 0);
    const big = heap.alloc(3 * 65536)!;
    heap.free(big);
    // Memory cannot grow by another 2 pages, and no block of this class is free: the larger one serves.
    const smaller = heap.alloc(2 * 65536);
    expect(smaller).toBe(big);
    expect(heap.usedBytes).toBe(blockSize(3 * 65536));
    heap.free(smaller!);
    expect(heap.usedBytes).toBe(0);
  });
});

describe('resident tensors', () => {
  it('live in wasm memory from 1 KiB up, and small ones in ordinary arrays', () => {
    const big = put(ramp(1024), [1024]);
    const small = put(ramp(16), [16]);
    expect(wasmResident(big.id)).toBe(true);
    expect(wasmResident(small.id)).toBe(false);
    const sum = b.binary('add', big, big, 'float32');
    expect(wasmResident(sum)).toBe(true);
    expect(Array.from(b.readSync!(sum))).toEqual(Array.from(ramp(1024), (v) => 2 * v));
    for (const id of [big.id, small.id, sum]) b.disposeData(id);
  });

  it('keep their values when memory grows under them', () => {
    const values = ramp(50_000);
    const before = put(values, [50_000]);
    const grown = rt.memory.buffer.byteLength;
    // 64 MiB more than memory has: it must grow, handing out a new buffer object.
    const huge = b.fill(grown / 4 + (1 << 24), 1, 'float32');
    expect(rt.memory.buffer.byteLength).toBeGreaterThan(grown);
    expect(Array.from(b.readSync!(before.id))).toEqual(Array.from(values));
    // A kernel reads the old view in place and writes a new one past the growth.
    const doubled = b.binary('add', before, before, 'float32');
    expect(wasmResident(doubled)).toBe(true);
    expect(Array.from(b.readSync!(doubled))).toEqual(Array.from(values, (v) => 2 * v));
    for (const id of [before.id, huge, doubled]) b.disposeData(id);
  });

  it('give the same bits in place as copied from ordinary arrays', () => {
    const copied = cpu({ threads: 2, sharedMemory: false });
    const shape = [4, 8, 20, 20];
    const n = 4 * 8 * 400;
    const x = ramp(n, 0.01);
    const w = ramp(8 * 8 * 9, 0.001);
    const g = {
      batch: 4,
      inChannels: 8,
      outChannels: 8,
      groups: 1,
      inSize: [1, 20, 20],
      kernel: [1, 3, 3],
      stride: [1, 1, 1],
      dilation: [1, 1, 1],
      padBefore: [0, 1, 1],
      outSize: [1, 20, 20],
    } as const;
    const run = (backend: typeof b) => {
      const xs = { id: backend.write(x), shape, dtype: 'float32' as const };
      const ws = { id: backend.write(w), shape: [8, 8, 3, 3], dtype: 'float32' as const };
      const y = backend.conv(xs, ws, g);
      const dx = backend.convBackwardInput({ id: y, shape, dtype: 'float32' }, ws, g);
      const dw = backend.convBackwardWeight(xs, { id: y, shape, dtype: 'float32' }, g);
      const relu = backend.unary('relu', { ...xs, strides: contiguousStrides(shape), offset: 0 });
      const resident = [y, dx, relu].map((id) => rt.holds(valuesOf(id)));
      const out = [y, dx, dw, relu].map((id) => Array.from(backend.readSync!(id)));
      for (const id of [xs.id, ws.id, y, dx, dw, relu]) backend.disposeData(id);
      return { out, resident };
    };
    const inPlace = run(b);
    // The unshared backend's runtime has memory of its own: it copies every operand in and out.
    const viaCopies = run(copied);
    expect(inPlace.resident).toEqual([true, true, true]);
    inPlace.out.forEach((values, i) => expect(values).toEqual(viaCopies.out[i]));
    copied.dispose();
  });
});
