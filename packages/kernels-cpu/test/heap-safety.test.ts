import { describe, expect, it } from 'vitest';
import type { Shape } from '@stride/core-tensor';
import { contiguousStrides, type View } from '@stride/core-tensor/backend';
import { cpu } from '../src/index.js';
import { uninitialized, valuesOf } from '../src/storage.js';
import { wasmHeap } from '../src/wasm/heap.js';
import { wasmRuntime } from '../src/wasm/runtime.js';

// Issue 12: a NaN size once made the heap's top NaN, after which every block of 1 KiB or more
// was the same memory; and a kernel that threw partway left its scratch allocated for good.
const b = cpu({ threads: 2 });
const rt = wasmRuntime()!;

function put(values: Float32Array, shape: Shape): View {
  return { id: b.write(values), shape, dtype: 'float32', strides: contiguousStrides(shape), offset: 0 };
}
const heapState = () => ({ used: rt.heap.usedBytes, top: rt.heap.topBytes });

describe('the wasm heap refuses sizes that would corrupt it', () => {
  for (const bytes of [NaN, Infinity, -Infinity, -1, 2.5, 2 ** 60]) {
    it(`alloc(${bytes}) throws and leaves the heap as it was`, () => {
      const heap = wasmHeap(new WebAssembly.Memory({ initial: 1, maximum: 64 }), 100);
      const top = heap.topBytes;
      expect(() => heap.alloc(bytes)).toThrow(`cpu: wasm heap asked for ${bytes} bytes (expected a finite non-negative integer)`);
      expect([heap.topBytes, heap.usedBytes]).toEqual([top, 0]);
      const [p, q] = [heap.alloc(2000)!, heap.alloc(2000)!];
      expect(q - p).toBeGreaterThanOrEqual(2000);
    });
  }
});

describe('a kernel call that throws leaves memory exactly as it was', () => {
  it('scratch allocated outside rt.scoped() is refused (nothing would free it)', () => {
    expect(() => rt.alloc(64)).toThrow('cpu: scratch allocated outside rt.scoped(), where nothing would free it');
  });

  it('frees its scratch and the outputs it had allocated', () => {
    const before = heapState();
    expect(() =>
      rt.scoped(() => {
        rt.alloc(100_000);
        const out = uninitialized('float32', 50_000);
        expect(rt.holds(out)).toBe(true);
        rt.scoped(() => uninitialized('float32', 4096));
        throw new Error('kernel failed');
      }),
    ).toThrow('kernel failed');
    expect(heapState().used).toBe(before.used);
  });

  it('keeps the outputs of a call that returns, and frees only its scratch', () => {
    const before = heapState();
    const out = rt.scoped(() => {
      rt.alloc(100_000);
      return uninitialized('float32', 50_000);
    });
    expect(heapState().used).toBeGreaterThan(before.used);
    rt.heap.free(out.byteOffset);
    expect(heapState().used).toBe(before.used);
  });

  it('batch norm with a disposed bias throws after staging its weight, and frees what it staged', () => {
    const [n, c, plane] = [4, 3, 64];
    const x = put(
      Float32Array.from({ length: n * c * plane }, (_, i) => Math.sin(i)),
      [n, c, 8, 8],
    );
    const weight = put(Float32Array.of(1, 2, 3), [c]);
    const bias = put(Float32Array.of(0, 0, 0), [c]);
    b.disposeData(bias.id);
    const before = heapState();
    expect(() => b.batchNormForward(x, weight, bias, 1e-5)).toThrow('cpu: buffer was already disposed');
    expect(heapState().used).toBe(before.used);
    // The backend still computes right afterwards.
    const sum = b.binary('add', put(new Float32Array(3000).fill(3), [3000]), put(new Float32Array(3000).fill(7), [3000]), 'float32');
    const values = valuesOf(sum);
    expect([values[0], values[2999]]).toEqual([10, 10]);
  });
});
